import { type BackendStatus, listBackends } from '@loupe/core';
import { registerEverything } from '../setup/register-plugins.js';
import type { CommandContext } from './context.js';

/** `loupe backends`: every backend the CLI knows, whether it can run on this machine, and why not. */
export async function runBackends(ctx: CommandContext): Promise<BackendStatus[]> {
  registerEverything();
  const rows = await listBackends();
  if (!ctx.json) {
    for (const row of rows) {
      const state = row.available ? 'available' : `unavailable: ${row.reason ?? 'no reason given'}`;
      const { threads, simd } = row.capabilities ?? {};
      const details = [
        threads === undefined ? '' : `${threads} thread${threads === 1 ? '' : 's'}`,
        simd === undefined ? '' : simd ? 'SIMD' : 'no SIMD',
      ].filter(Boolean);
      ctx.print(
        `${row.name.padEnd(11)} priority ${String(row.priority).padEnd(4)} ${state}${details.length ? ` (${details.join(', ')})` : ''}`,
      );
    }
  }
  return rows;
}
