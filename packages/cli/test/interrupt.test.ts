import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeImage } from '@loupe/core/node';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/run-cli.js';

const BIN = fileURLToPath(new URL('../bin/loupe.mjs', import.meta.url));

async function waitForFiles(dir: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const names = await readdir(dir).catch(() => [] as string[]);
    if (names.some((n) => n.endsWith('.png'))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No output appeared in ${dir} within ${timeoutMs} ms.`);
}

describe('Ctrl-C', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('stops a multi-worker run with exit 130, leaving only whole files and no temporaries', async () => {
    const out = await tempDir();
    const child = spawn(
      process.execPath,
      [
        BIN,
        'explain',
        'mnist',
        'mnist-samples:400',
        '-m',
        'integrated-gradients',
        '--opt',
        'steps=16',
        '--format',
        'png,json',
        '--batch-size',
        '2',
        '--workers',
        '2',
        '-o',
        out,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitForFiles(out, 90_000);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/loupe: interrupted; no partial files were left/);
    const names = await readdir(out);
    expect(names.filter((n) => n.endsWith('.tmp') || n.startsWith('.'))).toEqual([]);
    // Interrupted well before the 800 files a full run writes; each file present is whole.
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(800);
    for (const name of names) {
      const bytes = await readFile(join(out, name));
      if (name.endsWith('.png')) decodeImage(bytes).dispose();
      else expect(JSON.parse(bytes.toString('utf8')).values).toHaveLength(784);
    }
  });
});
