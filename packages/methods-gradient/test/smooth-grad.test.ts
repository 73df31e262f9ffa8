import { wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, linearModel, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integratedGradients, saliency, smoothGrad } from '../src/index.js';
import { disposeAll, images, relErr } from './fixtures.js';

let cnn: ReturnType<typeof wrapModel>;
let x: tf.Tensor4D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  cnn = wrapModel(tinyCnn({ seed: 6 }), { inputRange: [0, 1] });
  x = images(2, 8, 1, 13);
});
afterAll(() => {
  x.dispose();
  cnn.dispose();
});

describe('smoothGrad', () => {
  it('with 1 sample and no noise equals its base method (saliency, integrated gradients)', async () => {
    await expectNoTensorLeaks(async () => {
      const base = await saliency(cnn, x, { target: 1 });
      const smooth = await smoothGrad(cnn, x, { target: 1, samples: 1, noise: 0 });
      expect(relErr(await smooth.data(), await base.data())).toBeLessThan(1e-6);
      const ig = await integratedGradients(cnn, x, { target: [2, 0], steps: 8 });
      const smoothIg = await smoothGrad(cnn, x, {
        target: [2, 0],
        samples: 1,
        noise: 0,
        baseMethod: 'integrated-gradients',
        baseOptions: { steps: 8 },
      });
      expect(relErr(await smoothIg.data(), await ig.data())).toBeLessThan(1e-5);
      expect(smoothIg.target).toEqual([2, 0]);
      return [base, smooth, ig, smoothIg];
    });
  });

  it('gives the closed forms on a linear model: mean w, mean of squares w², variance 0', async () => {
    const w = [0.5, -2, 1, 3];
    const model = linearModel([w]);
    const input = tf.tensor2d([[1, 2, 3, 4]]);
    for (const [variant, expected] of [
      ['smoothgrad', w],
      ['smoothgrad-squared', w.map((v) => v * v)],
      ['vargrad', [0, 0, 0, 0]],
    ] as const) {
      await expectNoTensorLeaks(async () => {
        const a = await smoothGrad(model, input, { target: 0, samples: 6, noise: 0.3, variant });
        const got = await a.data();
        got.forEach((v, i) => {
          expect(v).toBeCloseTo(expected[i], 4);
        });
        return a;
      });
    }
    input.dispose();
  });

  it('is deterministic for a seed, differs across seeds, and does not depend on batchSize', async () => {
    const a = await smoothGrad(cnn, x, { target: 1, samples: 5, seed: 3, batchSize: 64 });
    const b = await smoothGrad(cnn, x, { target: 1, samples: 5, seed: 3, batchSize: 3 });
    const c = await smoothGrad(cnn, x, { target: 1, samples: 5, seed: 4 });
    expect(relErr(await b.data(), await a.data())).toBeLessThan(1e-6);
    expect(relErr(await c.data(), await a.data())).toBeGreaterThan(1e-3);
    disposeAll(a, b, c);
  });

  it('wraps a method given as a function and VarGrad is non-negative', async () => {
    let calls = 0;
    await expectNoTensorLeaks(async () => {
      const a = await smoothGrad(cnn, x, {
        target: 0,
        samples: 4,
        batchSize: 4,
        variant: 'vargrad',
        baseMethod: (m, input, o) => {
          calls++;
          return saliency(m, input, o);
        },
      });
      expect((await a.data()).every((v) => v >= 0)).toBe(true);
      return a;
    });
    expect(calls).toBe(2);
  });
});
