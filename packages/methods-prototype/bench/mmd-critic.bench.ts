// MMD-critic on real MNIST digits (the `mnist` package's 10,000, float64 as parsed), on a 128-d seeded
// projection of them and on the shipped CNN's 64-d dense1 embedding: kernel (distances, median γ, exp
// and column sums) and selections (10+5 global, 2+1 per class) timed apart, to compare with
// bench/mmd_critic_numpy.py on the same data and machine.
import { loadMnistCnn } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { loadRows } from '../src/embed.js';
import { type BuiltKernel, buildKernel } from '../src/kernel-build.js';
import { groupByLabel } from '../src/labels.js';
import type { DataMatrix } from '../src/matrix.js';
import { selectExamples } from '../src/mmd-critic.js';
import { projectionEmbedding, spreadDigits } from '../test/mnist-digits.js';

await tf.setBackend('cpu');
const cnn = await loadMnistCnn();

/** The shipped CNN's dense1 activations (64-d), the embedding the playground's prototypes use. */
async function cnnEmbedding(pixels: DataMatrix): Promise<DataMatrix> {
  const images = tf.tensor4d(Float32Array.from(pixels.values), [pixels.n, 28, 28, 1]);
  try {
    return await loadRows(images, { model: cnn, layer: 'dense1', batchSize: 500 });
  } finally {
    images.dispose();
  }
}

function selections(kernel: BuiltKernel, labels: number[]): void {
  selectExamples(kernel.source, null, 10, 5, 'logdet');
  for (const c of groupByLabel(labels, labels.length)) selectExamples(kernel.source, c.rows, 2, 1, 'logdet');
}

// MMD_BENCH_SIZES=1000 (comma-separated) limits the row counts, e.g. for quick alternating runs.
const sizes = (process.env.MMD_BENCH_SIZES ?? '1000,10000').split(',').map(Number);
for (const n of sizes) {
  const { pixels, labels } = spreadDigits(n);
  const embedded = projectionEmbedding(pixels, 128);
  const cnnEmbedded = await cnnEmbedding(pixels);
  // 10,000 rows: one timed run each (the numpy baseline takes seconds per kernel too).
  const runs =
    n > 1000
      ? { iterations: 1, warmupIterations: 0, time: 0 }
      : { iterations: 10, warmupIterations: 3, time: 0 };
  for (const [name, data] of [
    ['784-d pixels', pixels],
    ['128-d embeddings', embedded],
    ['64-d CNN embeddings (dense1)', cnnEmbedded],
  ] as [string, DataMatrix][]) {
    describe(`MMD-critic, ${n} MNIST digits, ${name}`, () => {
      // Built by the kernel bench, reused by the selections bench that follows it.
      let kernel: BuiltKernel | undefined;
      bench(
        'kernel: distances, median γ, exp and column sums (float64, all threads)',
        async () => {
          kernel = await buildKernel(data, {});
        },
        runs,
      );
      if (n === 1000) {
        bench(
          'kernel: distances, median γ, exp and column sums (float64, 1 thread)',
          async () => {
            await buildKernel(data, { threads: 1 });
          },
          runs,
        );
      }
      bench(
        'selections: 10+5 global, 2+1 per class',
        async () => {
          selections(kernel ?? (await buildKernel(data, {})), labels);
        },
        runs,
      );
    });
  }
}
