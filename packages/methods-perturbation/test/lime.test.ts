import { OptionError } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, linearModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lime } from '../src/index.js';
import { maxAbsDiff, release } from './helpers.js';

function ranking(values: ArrayLike<number>): number[] {
  return Array.from(values, (v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0])
    .map(([, i]) => i);
}

describe('lime', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("recovers a linear model's weights (and their ranking) with the identity kernel", async () => {
    const w = [0.5, -2, 3, 1.25, -0.75, 2.2, 0.1, -1.4];
    const model = linearModel([w], [0.4]);
    const x = tf.ones([1, 8]);
    await expectNoTensorLeaks(async () => {
      const a = await lime(model, x, {
        kernelWidth: Number.POSITIVE_INFINITY,
        alpha: 0,
        samples: 200,
        target: 0,
      });
      const values = await a.data();
      // With x = 1 and baseline 0, turning feature j on adds exactly w_j: the surrogate is the model.
      expect(ranking(values)).toEqual(ranking(w));
      expect(maxAbsDiff(values, w)).toBeLessThan(1e-6);
      expect((a.meta.r2 as number[])[0]).toBeCloseTo(1, 6);
      expect((a.meta.intercept as number[])[0]).toBeCloseTo(0.4, 5);
      return a;
    });
    x.dispose();
    model.dispose();
  });

  it('keeps the ranking with the default kernel and ridge penalty', async () => {
    const w = [0.5, -2, 3, 1.25, -0.75, 2.2];
    const model = linearModel([w]);
    const x = tf.ones([1, 6]);
    const a = await lime(model, x, { samples: 500, target: 0, seed: 1 });
    expect(ranking(await a.data())).toEqual(ranking(w));
    release(a, x);
    model.dispose();
  });

  it('is reproducible for a seed and independent of the batch size', async () => {
    const model = linearModel([[1, -1, 2, 0.5]]);
    const x = tf.tensor2d([[0.3, 0.8, -0.2, 1]]);
    const a = await lime(model, x, { samples: 64, target: 0, seed: 11 });
    const b = await lime(model, x, { samples: 64, target: 0, seed: 11, batchSize: 5 });
    expect(maxAbsDiff(await a.data(), await b.data())).toBeLessThan(1e-9);
    release(a, b, x);
    model.dispose();
  });

  it('rejects bad options', async () => {
    const model = linearModel([[1, 2]]);
    const x = tf.tensor2d([[1, 2]]);
    for (const opts of [{ samples: 1 }, { kernelWidth: 0 }, { alpha: -1 }]) {
      expect(await expectThrowsWithoutLeaks(() => lime(model, x, { ...opts, target: 0 }))).toBeInstanceOf(
        OptionError,
      );
    }
    x.dispose();
    model.dispose();
  });
});
