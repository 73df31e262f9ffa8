import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage } from '@loupe/core/node';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, tempDir, waitForFile } from './helpers/run-cli.js';

describe('Ctrl-C', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('stops a multi-worker run with exit 130, leaving only whole files and no temporaries', async () => {
    const out = await tempDir();
    const run = spawnCli(
      ...['explain', 'mnist', 'mnist-samples:400', '-m', 'integrated-gradients', '--opt', 'steps=16'],
      ...['--format', 'png,json', '--batch-size', '2', '--workers', '2', '-o', out],
    );
    await waitForFile(out, '.png', 90_000);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toMatch(/loupe: interrupted; no partial files were left/);
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
