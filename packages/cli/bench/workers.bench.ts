import { rm } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, bench, describe } from 'vitest';
import { main } from '../src/main.js';
import { tempDir } from '../test/helpers/run-cli.js';

// `loupe explain` on 200 shipped digits (saliency + integrated gradients with 8 steps; overlay PNG and
// JSON per image and method), per worker count. Worker start-up (tfjs, model load) is included: it is
// part of what a user waits for. tinybench always runs one warm-up call, so each bench runs twice.
const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };

async function run(workers: number): Promise<void> {
  const out = await tempDir();
  const code = await main(
    [
      'explain',
      'mnist',
      'mnist-samples:200',
      '-m',
      'saliency,integrated-gradients',
      '--opt',
      'steps=16',
      '--batch-size',
      '20',
      '--workers',
      String(workers),
      '-o',
      out,
      '--quiet',
    ],
    { stdout: () => {}, stderr: (t) => process.stderr.write(t) },
  );
  await rm(out, { recursive: true, force: true });
  if (code !== 0) throw new Error(`loupe explain exited with ${code}`);
}

describe('loupe explain, 200 digits', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  bench('--workers 1', () => run(1), once);
  bench('--workers 2', () => run(2), once);
});
