import { OptionError } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, linearModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureAblation, superpixelMask } from '../src/index.js';
import { fixedValues, maxAbsDiff, release, weightedSumModel } from './helpers.js';

describe('featureAblation', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives each group of a linear model Σ_{j∈group} w_j (x_j − fill), on every one of its elements', async () => {
    const w = fixedValues(7, 71);
    const xs = fixedValues(7, 72);
    const model = linearModel([w], [0.2]);
    const x = tf.tensor2d([xs]);
    const ids = [5, 5, -1, 3, 3, 3, 9];
    const featureMask = tf.tensor1d(ids, 'int32');
    await expectNoTensorLeaks(async () => {
      const a = await featureAblation(model, x, { featureMask, fill: 0.5, target: 0 });
      const group = (id: number) => ids.reduce((s, g, j) => (g === id ? s + w[j] * (xs[j] - 0.5) : s), 0);
      expect(maxAbsDiff(await a.data(), ids.map(group))).toBeLessThan(1e-5);
      expect(a.meta.features).toEqual([4]);
      return a;
    });
    release(x, featureMask);
    model.dispose();
  });

  it('shares a [H, W, 1] mask across channels and accepts a mask per example', async () => {
    const weights = tf.tensor(fixedValues(4 * 4 * 2, 73), [4, 4, 2]);
    const model = weightedSumModel(weights);
    const x = tf.tensor(fixedValues(2 * 32, 74), [2, 4, 4, 2]);
    const quadrant = Array.from({ length: 16 }, (_, p) => Math.floor(p / 8) * 2 + (p % 4 >= 2 ? 1 : 0));
    const shared = tf.tensor(quadrant, [4, 4, 1], 'int32');
    const perExample = tf.tensor([...quadrant, ...quadrant], [2, 4, 4, 1], 'int32');
    const a = await featureAblation(model, x, { featureMask: shared, target: 0 });
    const b = await featureAblation(model, x, { featureMask: perExample, target: 0 });
    const wv = weights.dataSync();
    const xv = x.dataSync();
    const want = Array.from(xv, (_, k) => {
      const i = Math.floor(k / 32);
      const g = quadrant[Math.floor((k % 32) / 2)];
      let s = 0;
      for (let e = 0; e < 32; e++) if (quadrant[Math.floor(e / 2)] === g) s += wv[e] * xv[i * 32 + e];
      return s;
    });
    expect(maxAbsDiff(await a.data(), want)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await b.data(), want)).toBeLessThan(1e-5);
    release(a, b, weights, x, shared, perExample);
  });

  it('defaults to superpixels on images', async () => {
    const model = weightedSumModel(tf.ones([12, 12, 3]));
    const x = tf.randomUniform([12, 12, 3], 0, 1, 'float32', 5);
    const a = await featureAblation(model, x, { segments: 9, target: 0 });
    const features = (a.meta.features as number[])[0];
    expect(features).toBeGreaterThan(1);
    expect(features).toBeLessThan(30);
    const featureMask = await superpixelMask(x, { segments: 9 });
    const explicit = await featureAblation(model, x, { featureMask, target: 0 });
    expect(maxAbsDiff(await a.data(), await explicit.data())).toBe(0);
    release(a, explicit, featureMask, x);
  });

  it('rejects a mask of the wrong shape or with non-integer ids', async () => {
    const model = linearModel([[1, 2, 3]]);
    const x = tf.tensor2d([[1, 2, 3]]);
    for (const featureMask of [
      tf.tensor1d([0, 1]),
      tf.tensor1d([0, 0.5, 1]),
      tf.tensor2d([[0, 1, 2]], [1, 3], 'int32').reshape([3, 1]),
    ]) {
      const err = (await expectThrowsWithoutLeaks(() =>
        featureAblation(model, x, { featureMask, target: 0 }),
      )) as Error;
      expect(err).toBeInstanceOf(OptionError);
      expect(err.message).toMatch(/featureMask/);
      featureMask.dispose();
    }
    x.dispose();
    model.dispose();
  });
});
