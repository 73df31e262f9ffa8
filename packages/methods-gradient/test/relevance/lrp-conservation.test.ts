import { type ExplainableModel, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, tinyCnn, tinyFunctionalModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LrpOptions, lrp } from '../../src/relevance/index.js';
import { exampleSums, mnistCnn, paddedModel, sequenceModel } from './fixtures.js';

// Conservation: for every rule, Σ_i R_i + meta.relevanceAbsorbed = the target logit, where the absorbed
// part is computed layer by layer from the rule's own denominators (R_j − s_j·z̃_j), independently of the
// input relevances (which come from the vector–Jacobian products of the modified forward).
const CONFIGS: { name: string; options: LrpOptions }[] = [
  { name: 'epsilon 0.1', options: { rule: 'epsilon', epsilon: 0.1 } },
  { name: 'epsilon 1e-9', options: { rule: 'epsilon', epsilon: 1e-9 } },
  { name: 'gamma', options: { rule: 'gamma', gamma: 0.5 } },
  { name: 'zplus', options: { rule: 'zplus' } },
  { name: 'alpha-beta 1.5', options: { rule: 'alpha-beta', alpha: 1.5 } },
  { name: 'wsquare', options: { rule: 'wsquare' } },
  { name: 'flat', options: { rule: 'flat' } },
  { name: 'epsilon + zbox input', options: { rule: 'epsilon', inputLayerRule: 'zbox', inputRange: [0, 1] } },
  { name: 'epsilon-plus', options: { composite: 'epsilon-plus' } },
  { name: 'epsilon-plus-flat', options: { composite: 'epsilon-plus-flat' } },
  { name: 'epsilon-gamma-box', options: { composite: 'epsilon-gamma-box', inputRange: [0, 1] } },
  { name: 'epsilon-alpha2-beta1', options: { composite: 'epsilon-alpha2-beta1' } },
  { name: 'epsilon-alpha2-beta1-flat', options: { composite: 'epsilon-alpha2-beta1-flat' } },
];

async function checkConservation(
  model: ExplainableModel,
  x: tf.Tensor,
  target: number,
  options: LrpOptions,
): Promise<void> {
  const logits = tf.tidy(() => tf.gather(model.forwardBatched(x), [target], 1));
  const expected = Array.from(logits.dataSync());
  logits.dispose();
  await expectNoTensorLeaks(async () => {
    const a = await lrp(model, x, { target, ...options });
    const sums = exampleSums(a.values);
    const absorbed = a.meta.relevanceAbsorbed as number[];
    const scores = a.meta.scores as number[];
    expected.forEach((f, i) => {
      expect(scores[i]).toBeCloseTo(f, 5);
      expect(Math.abs(sums[i] + absorbed[i] - f)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(f)));
    });
    return a;
  });
}

const MODELS: { name: string; build: () => tf.LayersModel; shape: number[] }[] = [
  { name: 'tiny CNN (BatchNorm folded, ReLU → max pool)', build: () => tinyCnn(), shape: [8, 8, 1] },
  {
    name: 'functional model (residual add, concat, depthwise, separable, nested)',
    build: () => tinyFunctionalModel(),
    shape: [8, 8, 2],
  },
  {
    name: 'sequence model (causal Conv1D, MaxPooling1D, tanh, GlobalAveragePooling1D)',
    build: sequenceModel,
    shape: [10, 3],
  },
  { name: 'padded model (ZeroPadding2D, ELU, GlobalMaxPooling2D)', build: paddedModel, shape: [6, 6, 2] },
];

for (const m of MODELS) {
  describe(`LRP conservation on the ${m.name}`, () => {
    let model: ExplainableModel;
    let x: tf.Tensor;
    beforeAll(async () => {
      await tf.setBackend('cpu');
      model = wrapModel(m.build());
      x = tf.randomUniform([3, ...m.shape], 0, 1, 'float32', 17);
    });
    afterAll(() => {
      x.dispose();
      model.dispose();
    });
    for (const c of CONFIGS) {
      it(c.name, async () => {
        await checkConservation(model, x, 1, c.options);
      });
    }
  });
}

describe('LRP conservation on the MNIST CNN', () => {
  let model: ExplainableModel;
  let x: tf.Tensor;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    const mnist = await mnistCnn();
    model = wrapModel(mnist.model, { inputRange: [0, 1] });
    x = mnist.images;
  });
  afterAll(() => {
    x.dispose();
    model.dispose();
  });
  for (const c of CONFIGS.filter((k) =>
    ['epsilon 0.1', 'zplus', 'epsilon-plus', 'epsilon-gamma-box', 'epsilon-alpha2-beta1'].includes(k.name),
  )) {
    it(c.name, async () => {
      await checkConservation(model, x, 3, c.options);
    });
  }
});

describe('LRP conservation through resize + mean/std preprocessing and an unfolded BatchNorm', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  for (const c of CONFIGS.filter((k) => ['epsilon 0.1', 'zplus', 'epsilon-gamma-box'].includes(k.name))) {
    it(c.name, async () => {
      // Raw 12×12 images resized to the model's 8×8; z^B bounds [0, 1] are carried through the preprocessing.
      const resized = wrapModel(tinyCnn(), {
        preprocess: { resize: [8, 8], mean: 0.5, std: 0.25 },
        inputRange: [0, 1],
      });
      const xr = tf.randomUniform([2, 12, 12, 1], 0, 1, 'float32', 4);
      await checkConservation(resized, xr, 2, c.options);
      tf.dispose(xr);
      resized.dispose();
      const unfolded = wrapModel(tinyCnn(), { foldBatchNorm: false });
      const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 4);
      await checkConservation(unfolded, x, 2, { inputRange: [0, 1], ...c.options });
      tf.dispose(x);
      unfolded.dispose();
    });
  }
});
