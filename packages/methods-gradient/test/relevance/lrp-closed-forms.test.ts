import { OptionError, wrapModel } from '@loupe/core';
import {
  expectNoTensorLeaks,
  expectThrowsWithoutLeaks,
  tinyCnn,
  tinyFunctionalModel,
  tinyReluNet,
} from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lrp } from '../../src/relevance/index.js';
import { exampleSums, maxAbs, minValue, relativeMaxError } from './fixtures.js';

/** x ⊙ ∂f_target/∂x on the model's logits. */
function inputTimesGradient(
  model: tf.LayersModel,
  x: tf.Tensor,
  target: number,
  preprocess?: { mean: number; std: number },
): tf.Tensor {
  const wrapped = wrapModel(model, preprocess ? { preprocess } : {});
  const { gradient, scores } = wrapped.inputGradient(x, target);
  const out = tf.mul(gradient, x);
  tf.dispose([gradient, scores]);
  wrapped.dispose();
  return out;
}

/**
 * Input [1, 1, 2] → 1×1 Conv2D (2 filters, ReLU) → Flatten → Dense(1). With x = (1, 2):
 * conv kernel W1 = [[1, −1], [2, 1]] (rows: input channel), b1 = (0.5, −0.5) → z1 = (5.5, 0.5) = h;
 * dense w2 = (1, −2), b2 = 1 → f = 5.5 − 1 + 1 = 5.5.
 */
function handNet(): tf.LayersModel {
  const m = tf.sequential();
  m.add(
    tf.layers.conv2d({ inputShape: [1, 1, 2], filters: 2, kernelSize: 1, activation: 'relu', name: 'conv' }),
  );
  m.add(tf.layers.flatten({ name: 'flat' }));
  m.add(tf.layers.dense({ units: 1, name: 'out' }));
  const w = [
    tf.tensor4d([
      [
        [
          [1, -1],
          [2, 1],
        ],
      ],
    ]),
    tf.tensor1d([0.5, -0.5]),
    tf.tensor2d([[1], [-2]]),
    tf.tensor1d([1]),
  ];
  m.setWeights(w);
  tf.dispose(w);
  return m;
}

describe('LRP closed forms', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('LRP-0 (ε = 0) on a bias-free ReLU net equals input × gradient and absorbs nothing', async () => {
    const model = tinyReluNet({ bias: false, features: 6, hidden: 5, outputs: 3, seed: 4 });
    const x = tf.randomUniform([4, 6], -1, 1, 'float32', 2);
    const ixg = inputTimesGradient(model, x, 2);
    await expectNoTensorLeaks(async () => {
      const a = await lrp(model, x, { target: 2, rule: 'epsilon', epsilon: 0 });
      expect(relativeMaxError(a.values, ixg)).toBeLessThan(1e-5);
      for (const absorbed of a.meta.relevanceAbsorbed as number[])
        expect(Math.abs(absorbed)).toBeLessThan(1e-6);
      return a;
    });
    tf.dispose([x, ixg]);
  });

  // The point where LRP meets Captum: LRP-ε with ε = 1e-9 on a piecewise-linear ReLU network is
  // input × gradient; the biases' share of the logit is what it absorbs.
  for (const [name, build, shape] of [
    ['tiny CNN (biases, folded BatchNorm, ReLU → max pool)', () => tinyCnn(), [8, 8, 1]],
    [
      'functional model (leaky ReLU, residual add, average pooling, concat)',
      () => tinyFunctionalModel(),
      [8, 8, 2],
    ],
  ] as const) {
    it(`LRP-ε (ε = 1e-9) equals input × gradient on the ${name}`, async () => {
      const model = build();
      const x = tf.randomUniform([3, ...shape], 0, 1, 'float32', 9);
      const ixg = inputTimesGradient(model, x, 1);
      await expectNoTensorLeaks(async () => {
        const a = await lrp(model, x, { target: 1, epsilon: 1e-9 });
        expect(relativeMaxError(a.values, ixg)).toBeLessThan(1e-4);
        const sums = exampleSums(a.values);
        const scores = a.meta.scores as number[];
        const absorbed = a.meta.relevanceAbsorbed as number[];
        // The biases carry part of the logit: conservation holds only with the absorbed amount.
        sums.forEach((s, i) => {
          expect(s + absorbed[i]).toBeCloseTo(scores[i], 4);
        });
        expect(Math.max(...absorbed.map(Math.abs))).toBeGreaterThan(1e-3);
        return a;
      });
      tf.dispose([x, ixg]);
    });
  }

  it('explains the raw input through mean/std preprocessing: LRP-ε(1e-9) = (x − μ) ⊙ ∂f/∂x', async () => {
    const model = tinyCnn();
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 12);
    const pre = { mean: 0.5, std: 0.25 };
    const expected = tf.tidy(() => {
      const ixg = inputTimesGradient(model, x, 0, pre);
      return tf.mul(tf.div(ixg, x), tf.sub(x, pre.mean));
    });
    const wrapped = wrapModel(model, { preprocess: pre });
    await expectNoTensorLeaks(async () => {
      const a = await lrp(wrapped, x, { target: 0, epsilon: 1e-9 });
      expect(relativeMaxError(a.values, expected)).toBeLessThan(1e-4);
      return a;
    });
    tf.dispose([x, expected]);
    wrapped.dispose();
  });

  it('z⁺ gives non-negative relevance everywhere when the target logit is positive', async () => {
    for (const [build, shape] of [
      [() => tinyCnn(), [8, 8, 1]],
      [() => tinyFunctionalModel(), [8, 8, 2]],
    ] as const) {
      const model = wrapModel(build());
      // Signed inputs: z⁺ uses a⁺w⁺ + a⁻w⁻, both non-negative contributions.
      const x = tf.randomUniform([3, ...shape], -1, 1, 'float32', 5);
      const logits = model.predict(x);
      const best = tf.argMax(logits, 1);
      const bestLogits = tf.max(logits, 1);
      const targets = Array.from(best.dataSync());
      expect(Math.min(...bestLogits.dataSync())).toBeGreaterThan(0);
      await expectNoTensorLeaks(async () => {
        const a = await lrp(model, x, { target: targets, rule: 'zplus' });
        expect(minValue(a.values)).toBeGreaterThanOrEqual(-1e-7 * maxAbs(a.values));
        expect(maxAbs(a.values)).toBeGreaterThan(0);
        return a;
      });
      tf.dispose([x, logits, best, bestLogits]);
      model.dispose();
    }
  });

  it('αβ with α = 1, β = 0 equals z⁺ on positive inputs', async () => {
    const model = wrapModel(tinyCnn());
    const x = tf.randomUniform([3, 8, 8, 1], 0, 1, 'float32', 8);
    await expectNoTensorLeaks(async () => {
      const ab = await lrp(model, x, { target: 2, rule: 'alpha-beta', alpha: 1, beta: 0 });
      const zp = await lrp(model, x, { target: 2, rule: 'zplus' });
      expect(relativeMaxError(ab.values, zp.values)).toBeLessThan(1e-6);
      return [ab, zp];
    });
    x.dispose();
    model.dispose();
  });

  it('applies the documented composite rules, numerically, on a hand-built 2-layer net', async () => {
    const model = handNet();
    const x = tf.tensor4d([[[[1, 2]]]]);
    await expectNoTensorLeaks(async () => {
      // epsilon-plus, ε = 0.5: dense ε: s = 5.5 / (5.5 + 0.5) = 11/12, R_h = (5.5·1, 0.5·(−2))·s, absorbed s·(1 + 0.5).
      // conv z⁺: h0 = 1·1 + 2·2 + b⁺ 0.5 (s0 = R_h0 / 5.5); h1 keeps only 2·1 (s1 = R_h1 / 2), b⁺ = 0.
      const s = 11 / 12;
      const [rh0, rh1] = [5.5 * s, -1 * s];
      const [s0, s1] = [rh0 / 5.5, rh1 / 2];
      const plus = await lrp(model, x, { target: 0, composite: 'epsilon-plus', epsilon: 0.5 });
      expect(plus.meta.rules).toEqual({ conv: 'zplus', out: 'epsilon(0.5)' });
      const pv = await plus.data();
      expect(pv[0]).toBeCloseTo(1 * s0, 5);
      expect(pv[1]).toBeCloseTo(4 * s0 + 2 * s1, 5);
      expect((plus.meta.relevanceAbsorbed as number[])[0]).toBeCloseTo(s * 1.5 + 0.5 * s0, 5);

      // epsilon-gamma-box, bounds [0, 3]: conv z^B: z_j = Σ x_i w_ij − l w⁺ − h w⁻ (no bias):
      // h0: w = (1, 2) → z = 5, R_x = (1·1, 2·2)·R_h0/5; h1: w = (−1, 1) → z = −1 + 2 + 3 = 4,
      // R_x0 = (1·(−1) − 3·(−1))·R_h1/4, R_x1 = 2·1·R_h1/4.
      const box = await lrp(model, x, {
        target: 0,
        composite: 'epsilon-gamma-box',
        epsilon: 0.5,
        inputRange: [0, 3],
      });
      expect(box.meta.rules).toEqual({ conv: 'zbox', out: 'epsilon(0.5)' });
      const bv = await box.data();
      expect(bv[0]).toBeCloseTo((1 * rh0) / 5 + (2 * rh1) / 4, 5);
      expect(bv[1]).toBeCloseTo((4 * rh0) / 5 + (2 * rh1) / 4, 5);
      expect((box.meta.relevanceAbsorbed as number[])[0]).toBeCloseTo(s * 1.5, 5);

      // γ = 0.5 everywhere: dense w' = (1.5, −2), b' = 1.5 → z' = 8.25 − 1 + 1.5 = 8.75;
      // conv h0: w' = (1.5, 3), b' = 0.75 → z' = 8.25; h1: w' = (−1, 1.5), b' = −0.5 → z' = 1.5.
      const sg = 5.5 / 8.75;
      const [gh0, gh1] = [8.25 * sg, -1 * sg];
      const [g0, g1] = [gh0 / 8.25, gh1 / 1.5];
      const gamma = await lrp(model, x, { target: 0, rule: 'gamma', gamma: 0.5 });
      const gv = await gamma.data();
      expect(gv[0]).toBeCloseTo(1.5 * g0 - 1 * g1, 5);
      expect(gv[1]).toBeCloseTo(6 * g0 + 3 * g1, 5);
      expect((gamma.meta.relevanceAbsorbed as number[])[0]).toBeCloseTo(1.5 * sg + 0.75 * g0 - 0.5 * g1, 5);
      return [plus, box, gamma];
    });
    x.dispose();
  });

  it('assigns composite rules by layer type and position on the tiny CNN', async () => {
    const model = wrapModel(tinyCnn(), { inputRange: [0, 1] });
    const x = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 1);
    const expected: Record<string, Record<string, string>> = {
      'epsilon-plus': { conv1: 'zplus', pool1: 'winner-take-all', conv2: 'zplus', logits: 'epsilon(1e-9)' },
      'epsilon-plus-flat': {
        conv1: 'flat',
        pool1: 'winner-take-all',
        conv2: 'zplus',
        logits: 'epsilon(1e-9)',
      },
      'epsilon-gamma-box': {
        conv1: 'zbox',
        pool1: 'winner-take-all',
        conv2: 'gamma(0.25)',
        logits: 'epsilon(1e-9)',
      },
      'epsilon-alpha2-beta1': {
        conv1: 'alpha-beta(2,1)',
        pool1: 'winner-take-all',
        conv2: 'alpha-beta(2,1)',
        logits: 'epsilon(1e-9)',
      },
      'epsilon-alpha2-beta1-flat': {
        conv1: 'flat',
        pool1: 'winner-take-all',
        conv2: 'alpha-beta(2,1)',
        logits: 'epsilon(1e-9)',
      },
    };
    for (const [composite, rules] of Object.entries(expected)) {
      const a = await lrp(model, x, { target: 0, composite: composite as 'epsilon-plus' });
      expect(a.meta.rules, composite).toEqual(rules);
      a.dispose();
    }
    x.dispose();
    model.dispose();
  });

  it('rejects bad rule options with OptionError, leaving nothing behind', async () => {
    const model = wrapModel(tinyCnn());
    const x = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 1);
    const noRange = await expectThrowsWithoutLeaks(() => lrp(model, x, { composite: 'epsilon-gamma-box' }));
    expect(noRange).toBeInstanceOf(OptionError);
    expect((noRange as Error).message).toMatch(/inputRange/);
    const badBeta = await expectThrowsWithoutLeaks(() =>
      lrp(model, x, { rule: 'alpha-beta', alpha: 2, beta: 2 }),
    );
    expect(badBeta).toBeInstanceOf(OptionError);
    expect((badBeta as Error).message).toMatch(/α − β = 1/);
    const badRule = await expectThrowsWithoutLeaks(() => lrp(model, x, { rule: 'nope' as 'epsilon' }));
    expect(badRule).toBeInstanceOf(OptionError);
    const badEps = await expectThrowsWithoutLeaks(() => lrp(model, x, { epsilon: -1 }));
    expect(badEps).toBeInstanceOf(OptionError);
    x.dispose();
    model.dispose();
  });
});
