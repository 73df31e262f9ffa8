import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ensureDir } from './output-path.js';

// Temporary files being written right now, so an interrupt can remove them before exiting.
const pending = new Set<string>();

/**
 * Writes a file so that it either exists whole or not at all: the bytes go to a hidden temporary
 * name in the same folder (same file system, so the rename is atomic), which is renamed when complete.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await ensureDir(dirname(path));
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  pending.add(temp);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    pending.delete(temp);
  }
}

/** Removes every temporary file still being written (called when the run is interrupted). */
export async function removePendingWrites(): Promise<void> {
  await Promise.all([...pending].map((temp) => rm(temp, { force: true })));
  pending.clear();
}

/** {@link removePendingWrites} without waiting: for a process that exits right after. */
export function removePendingWritesSync(): void {
  for (const temp of pending) rmSync(temp, { force: true });
  pending.clear();
}
