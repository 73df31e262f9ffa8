import { type ExplainableModel, InputShapeError, wrapModel } from '@loupe/core';
import {
  expectNoTensorLeaks,
  expectThrowsWithoutLeaks,
  linearModel,
  tinyCnn,
  tinyFunctionalModel,
} from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepLift } from '../../src/relevance/index.js';
import { exampleSums, mnistCnn, paddedModel, relativeMaxError, sequenceModel } from './fixtures.js';

/** Summation-to-delta: Σ attribution = f(x) − f(x₀) per example, checked against the model's own logits. */
async function checkSummation(
  model: ExplainableModel,
  x: tf.Tensor,
  baseline: tf.Tensor | undefined,
  target: number,
): Promise<void> {
  const [fx, f0] = tf.tidy(() => {
    const x0 = baseline
      ? tf.broadcastTo(baseline.rank === x.rank ? baseline : tf.expandDims(baseline, 0), x.shape)
      : tf.zerosLike(x);
    return [
      tf.gather(model.forwardBatched(x), [target], 1),
      tf.gather(model.forwardBatched(x0), [target], 1),
    ];
  });
  const diff = Array.from(fx.dataSync()).map((v, i) => v - f0.dataSync()[i]);
  tf.dispose([fx, f0]);
  await expectNoTensorLeaks(async () => {
    const a = await deepLift(model, x, { target, ...(baseline ? { baseline } : {}) });
    const sums = exampleSums(a.values);
    const deltas = a.meta.convergenceDelta as number[];
    sums.forEach((s, i) => {
      expect(Math.abs(s - diff[i])).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(deltas[i])).toBeLessThanOrEqual(1e-4);
    });
    return a;
  });
}

describe('DeepLIFT (Rescale)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('equals (x − x₀) ⊙ w on a linear model', async () => {
    const w = [
      [1, -2, 3],
      [0.5, 0.5, -1],
    ];
    const model = linearModel(w, [0.3, -0.1]);
    const x = tf.tensor2d([
      [1, 2, 3],
      [-1, 0.5, 2],
    ]);
    const x0 = tf.tensor1d([0.5, -1, 1]);
    await expectNoTensorLeaks(async () => {
      const a = await deepLift(model, x, { target: 1, baseline: x0 });
      const expected = tf.tidy(() => tf.mul(tf.sub(x, x0), tf.tensor1d(w[1])));
      expect(relativeMaxError(a.values, expected)).toBeLessThan(1e-6);
      expected.dispose();
      return a;
    });
    tf.dispose([x, x0]);
  });

  it('max pooling: the window difference goes to argmax x when max x ≥ max x₀, else to argmax x₀', async () => {
    // f = max over a 2×2 window (→ Dense with weight 1, no bias).
    const m = tf.sequential();
    m.add(tf.layers.maxPooling2d({ inputShape: [2, 2, 1], poolSize: 2, name: 'pool' }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 1, useBias: false, kernelInitializer: 'ones', name: 'out' }));
    const x = tf.tensor4d([3, 1, 0, 2, 3, 1, 0, 2], [2, 2, 2, 1]);
    const x0 = tf.tensor4d([0, 0, 1, 0, 0, 0, 5, 0], [2, 2, 2, 1]);
    await expectNoTensorLeaks(async () => {
      const a = await deepLift(m, x, { target: 0, baseline: x0 });
      // Example 0: max x = 3 ≥ max x₀ = 1 → 3 − 1 = 2 at argmax x (position 0).
      // Example 1: max x = 3 < max x₀ = 5 → 3 − 5 = −2 at argmax x₀ (position 2).
      expect(Array.from(await a.data())).toEqual([2, 0, 0, 0, 0, 0, -2, 0].map((v) => expect.closeTo(v, 6)));
      return a;
    });
    tf.dispose([x, x0]);
  });

  it('keeps summation-to-delta where a ReLU feeds a max pool (closed form)', async () => {
    const m = tf.sequential();
    m.add(tf.layers.activation({ inputShape: [2, 2, 1], activation: 'relu', name: 'relu' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 1, useBias: false, kernelInitializer: 'ones', name: 'out' }));
    const x = tf.tensor4d([-1, 2, 0.5, -3], [1, 2, 2, 1]);
    const x0 = tf.tensor4d([3, 0, 0, 0], [1, 2, 2, 1]);
    await expectNoTensorLeaks(async () => {
      const a = await deepLift(m, x, { target: 0, baseline: x0 });
      // relu(x) = (0, 2, 0.5, 0), relu(x₀) = (3, 0, 0, 0): max 2 < 3, so −1 goes to position 0 (argmax x₀):
      // multiplier −1 / (0 − 3) at the ReLU output, times ReLU's Δy/Δx = (0 − 3)/(−1 − 3): attribution −1.
      expect(Array.from(await a.data())).toEqual([-1, 0, 0, 0].map((v) => expect.closeTo(v, 6)));
      return a;
    });
    tf.dispose([x, x0]);
  });

  for (const [name, build, shape] of [
    ['tiny CNN (ReLU → max pool, folded BatchNorm)', () => tinyCnn(), [8, 8, 1]],
    [
      'functional model (residual add, ReLU6, leaky ReLU, depthwise, separable, concat, pooling)',
      () => tinyFunctionalModel(),
      [8, 8, 2],
    ],
    ['sequence model (causal Conv1D, MaxPooling1D, tanh, GlobalAveragePooling1D)', sequenceModel, [10, 3]],
    ['padded model (ZeroPadding2D, ELU, GlobalMaxPooling2D)', paddedModel, [6, 6, 2]],
  ] as const) {
    it(`sums to f(x) − f(x₀) within 1e-4 on the ${name}`, async () => {
      const model = wrapModel(build());
      const x = tf.randomUniform([3, ...shape], 0, 1, 'float32', 31);
      const x0 = tf.randomUniform([...shape], 0, 1, 'float32', 32);
      await checkSummation(model, x, undefined, 1);
      await checkSummation(model, x, x0, 2);
      tf.dispose([x, x0]);
      model.dispose();
    });
  }

  describe('on the MNIST CNN', () => {
    let model: ExplainableModel;
    let x: tf.Tensor;
    beforeAll(async () => {
      const mnist = await mnistCnn();
      model = wrapModel(mnist.model);
      x = mnist.images;
    });
    afterAll(() => {
      x.dispose();
      model.dispose();
    });
    it('sums to f(x) − f(x₀) within 1e-4 (zero and constant mean-intensity baselines)', async () => {
      await checkSummation(model, x, undefined, 7);
      const mean = tf.fill([28, 28, 1], 0.13);
      await checkSummation(model, x, mean, 3);
      mean.dispose();
    });
  });

  it('gives the same result batched and one example at a time, with a per-example baseline', async () => {
    const model = wrapModel(tinyCnn());
    const x = tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', 3);
    const x0 = tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', 4);
    await expectNoTensorLeaks(async () => {
      const all = await deepLift(model, x, { target: 1, baseline: x0, batchSize: 4 });
      const one = await deepLift(model, x, { target: 1, baseline: x0, batchSize: 1 });
      expect(relativeMaxError(one.values, all.values)).toBeLessThan(1e-5);
      return [all, one];
    });
    tf.dispose([x, x0]);
    model.dispose();
  });

  it('rejects a baseline of the wrong shape with InputShapeError, leaving nothing behind', async () => {
    const model = wrapModel(tinyCnn());
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 3);
    const bad = tf.zeros([7, 7, 1]);
    const err = await expectThrowsWithoutLeaks(() => deepLift(model, x, { baseline: bad }));
    expect(err).toBeInstanceOf(InputShapeError);
    expect((err as Error).message).toMatch(/\[8, 8, 1\]/);
    tf.dispose([x, bad]);
    model.dispose();
  });
});
