import { OptionError } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, linearModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { occlusion } from '../src/index.js';
import { fixedValues, maxAbsDiff, release, weightedSumModel } from './helpers.js';

/** The definition, written out: per element, mean over covering windows of Σ_{j∈window} w_j (x_j − b). */
function closedForm1d(w: number[], x: number[], b: number, window: number, stride: number): number[] {
  const n = w.length;
  const sum = new Array(n).fill(0);
  const count = new Array(n).fill(0);
  for (let start = 0; start < n; start += stride) {
    const end = Math.min(n, start + window);
    let drop = 0;
    for (let j = start; j < end; j++) drop += w[j] * (x[j] - b);
    for (let j = start; j < end; j++) {
      sum[j] += drop;
      count[j] += 1;
    }
    if (end === n) break;
  }
  return sum.map((s, j) => s / count[j]);
}

describe('occlusion', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('equals the closed form on a linear model, cut windows at the edge included', async () => {
    const w = fixedValues(9, 3);
    const xs = [fixedValues(9, 4), fixedValues(9, 5)];
    const model = linearModel([w], [0.7]);
    const x = tf.tensor2d(xs);
    await expectNoTensorLeaks(async () => {
      const a = await occlusion(model, x, { window: 3, stride: 2, fill: 0.25, target: 0 });
      const got = await a.data();
      const want = xs.flatMap((row) => closedForm1d(w, row, 0.25, 3, 2));
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
      expect(a.meta.windows).toBe(4); // ⌈(9 − 3)/2⌉ + 1
      return a;
    });
    x.dispose();
    model.dispose();
  });

  it('matches the closed form on images with a per-axis window over channels', async () => {
    const [h, wd, c] = [6, 5, 2];
    const weights = tf.tensor(fixedValues(h * wd * c, 8), [h, wd, c]);
    const model = weightedSumModel(weights);
    const x = tf.tensor(fixedValues(h * wd * c, 9), [h, wd, c]);
    const wv = weights.dataSync();
    const xv = x.dataSync();
    // Windows 3×2×1, strides 2×2×1: per axis starts {0,2,4}, {0,2,4}(cut), {0,1}.
    const sum = new Float64Array(h * wd * c);
    const count = new Float64Array(h * wd * c);
    for (const y0 of [0, 2, 4])
      for (const x0 of [0, 2, 4])
        for (const c0 of [0, 1]) {
          const cells: number[] = [];
          for (let y = y0; y < Math.min(h, y0 + 3); y++)
            for (let xx = x0; xx < Math.min(wd, x0 + 2); xx++) cells.push((y * wd + xx) * c + c0);
          const drop = cells.reduce((a, k) => a + wv[k] * xv[k], 0);
          for (const k of cells) {
            sum[k] += drop;
            count[k] += 1;
          }
        }
    await expectNoTensorLeaks(async () => {
      const a = await occlusion(model, x, { window: [3, 2, 1], stride: [2, 2, 1], target: 0 });
      expect(a.shape).toEqual([h, wd, c]);
      expect(
        maxAbsDiff(
          await a.data(),
          Array.from(sum, (s, k) => s / count[k]),
        ),
      ).toBeLessThan(1e-5);
      return a;
    });
    release(weights, x);
  });

  it('gives one value everywhere, f(x) − f(fill), when the window is the whole input', async () => {
    const weights = tf.tensor(fixedValues(4 * 4 * 3, 2), [4, 4, 3]);
    const model = weightedSumModel(weights, 0.5);
    const x = tf.tensor(fixedValues(2 * 4 * 4 * 3, 6), [2, 4, 4, 3]);
    const a = await occlusion(model, x, { window: [4, 4, 3], stride: 1, fill: 0, target: 0 });
    const values = await a.data();
    const fx = (await tf.tidy(() => tf.sum(tf.mul(x, weights), [1, 2, 3])).data()) as Float32Array;
    for (let i = 0; i < 2; i++) {
      for (let k = 0; k < 48; k++) expect(values[i * 48 + k]).toBeCloseTo(fx[i], 5);
    }
    expect(a.meta.windows).toBe(1);
    release(a, weights, x);
  });

  it('changes nothing but speed with the batch size', async () => {
    const model = weightedSumModel(tf.tensor(fixedValues(64, 12), [8, 8, 1]));
    const x = tf.tensor(fixedValues(2 * 64, 13), [2, 8, 8, 1]);
    const ref = await occlusion(model, x, { window: 3, stride: 1, batchSize: 1, target: 0 });
    for (const batchSize of [4, 7, 1000]) {
      const other = await occlusion(model, x, { window: 3, stride: 1, batchSize, target: 0 });
      expect(maxAbsDiff(await other.data(), await ref.data())).toBeLessThan(1e-5);
      other.dispose();
    }
    release(ref, x);
  });

  it("fills with the example's mean and its blur", async () => {
    const model = weightedSumModel(tf.ones([6, 6, 1]));
    const x = tf.tensor(fixedValues(36, 21), [1, 6, 6, 1]);
    const whole = { window: [6, 6, 1], stride: 1, target: 0 } as const;
    const mean = await occlusion(model, x, { ...whole, fill: 'mean' });
    // f(x) − f(mean image) = Σx − 36·mean(x) = 0.
    expect(Math.abs((await mean.data())[0])).toBeLessThan(1e-4);
    const blur = await occlusion(model, x, { ...whole, fill: 'blur', blurSigma: 1 });
    expect(Number.isFinite((await blur.data())[0])).toBe(true);
    release(mean, blur, x);
  });

  it('rejects a window larger than the input, a zero stride and a stride past the window', async () => {
    const model = linearModel([[1, 2, 3]]);
    const x = tf.tensor2d([[1, 2, 3]]);
    for (const opts of [
      { window: 4 },
      { window: 2, stride: 0 },
      { window: 1, stride: 2 },
      { window: [2, 2] },
    ]) {
      const err = await expectThrowsWithoutLeaks(() => occlusion(model, x, { ...opts, target: 0 }));
      expect(err).toBeInstanceOf(OptionError);
    }
    const err = (await expectThrowsWithoutLeaks(() =>
      occlusion(model, x, { window: 4, target: 0 }),
    )) as Error;
    expect(err.message).toMatch(/larger than the input/);
    const fitted = await occlusion(model, x, { window: 4, fitWindow: true, target: 0 });
    expect(fitted.meta.warnings?.[0]).toMatch(/did not fit/);
    release(fitted, x);
    model.dispose();
  });
});
