// PCA projections of real MNIST digits (784 pixels) to 2-D, as the playground and `loupe prototypes` draw
// them; compare with `python3 bench/pca_numpy.py` (numpy's LAPACK SVD) on the same rows and machine.
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { pca } from '../src/pca.js';
import { spreadDigits } from '../test/mnist-digits.js';

await tf.setBackend('cpu');

for (const n of [1000, 10000]) {
  const { pixels } = spreadDigits(n);
  describe(`PCA to 2-D, ${n} MNIST digits × 784 pixels`, () => {
    bench(
      'pca (float64 Gram/scatter + block subspace iteration)',
      async () => {
        await pca(pixels, 2, 0);
      },
      n > 1000
        ? { iterations: 3, warmupIterations: 1, time: 0 }
        : { iterations: 10, warmupIterations: 2, time: 0 },
    );
  });
}
