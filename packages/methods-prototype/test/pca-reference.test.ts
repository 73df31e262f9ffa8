import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { project } from '../src/index.js';
import { pca } from '../src/pca.js';
import { spreadDigits } from './mnist-digits.js';

// Printed by `python3 bench/pca_numpy.py --fixture`: LAPACK's float64 SVD of the same 1,000 centred digits,
// axes signed so each one's largest-magnitude loading is positive.
const numpy = JSON.parse(readFileSync(new URL('./fixtures/numpy-pca.json', import.meta.url), 'utf8')) as {
  rows: number;
  variance: number[];
  axes: number[];
};

describe('PCA against a float64 reference on 1,000 MNIST digits (784 pixels)', () => {
  const { pixels } = spreadDigits(numpy.rows);

  it('gives the same components, signs included, and the same variances', async () => {
    for (const seed of [0, 7]) {
      const r = await pca(pixels, 2, seed);
      for (let c = 0; c < 2; c++) expect(Math.abs(r.variance[c] / numpy.variance[c] - 1)).toBeLessThan(1e-9);
      let worst = 0;
      for (let i = 0; i < r.axes.length; i++) worst = Math.max(worst, Math.abs(r.axes[i] - numpy.axes[i]));
      expect(worst).toBeLessThan(1e-7);
    }
  });

  it('project() returns the centred rows times those axes', async () => {
    const { points, variance, axes } = await project(
      Array.from({ length: pixels.n }, (_, i) => Array.from(pixels.values.subarray(i * 784, (i + 1) * 784))),
      { method: 'pca', dims: 2 },
    );
    expect(variance?.[0]).toBeCloseTo(numpy.variance[0], 9);
    expect(axes?.[1][300]).toBeCloseTo(numpy.axes[300 * 2 + 1], 9);
    const mean = new Float64Array(784);
    for (let i = 0; i < pixels.n; i++)
      for (let f = 0; f < 784; f++) mean[f] += pixels.values[i * 784 + f] / pixels.n;
    for (const i of [0, 499, 999]) {
      for (let c = 0; c < 2; c++) {
        let want = 0;
        for (let f = 0; f < 784; f++) want += (pixels.values[i * 784 + f] - mean[f]) * numpy.axes[f * 2 + c];
        expect(points[i][c]).toBeCloseTo(want, 6);
      }
    }
  });
});
