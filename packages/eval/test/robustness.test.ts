import { type ExplainableModel, OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, linearModel, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ExplainFunction, infidelity, maxSensitivity } from '../src/index.js';
import { uniform, uniformTensor } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const gradient: ExplainFunction = async (model: ExplainableModel, x, options) => {
  const { gradient: g, scores } = model.inputGradient(x, options.target);
  scores.dispose();
  return g;
};

describe('infidelity (Yeh et al. 2019)', () => {
  const weights = [uniform(12, 1, -1, 1), uniform(12, 2, -1, 1)];
  const model = wrapModel(linearModel(weights, [0.3, -0.2]));
  const x = uniformTensor([3, 12], 3, 0.1, 1);

  it('is 0 for the exact attribution of a linear model (the gradient, Gaussian perturbations)', async () => {
    const phi = tf.tensor2d([weights[1], weights[1], weights[1]]);
    await expectNoTensorLeaks(async () => {
      const r = await infidelity(model, x, phi, { target: 1, samples: 20, seed: 1 });
      expect(r.value).toBeLessThan(1e-10);
      expect(r.perExample).toHaveLength(3);
    });
    phi.dispose();
  });

  it('is 0 for gradient×input with multiplyByInputs (Captum: I / x), and positive for a wrong map', async () => {
    const img = wrapModel(linearModel([uniform(16, 4, -1, 1)]));
    const xi = uniformTensor([1, 16], 5, 0.2, 1);
    const w = tf.tensor2d([uniform(16, 4, -1, 1)]);
    const gxi = tf.mul(w, xi);
    const r = await infidelity(img, xi, gxi, { multiplyByInputs: true, samples: 10, target: 0 });
    expect(r.value).toBeLessThan(1e-10);
    const wrong = tf.onesLike(gxi);
    expect(
      (await infidelity(img, xi, wrong, { multiplyByInputs: true, samples: 10, target: 0 })).value,
    ).toBeGreaterThan(1e-3);
    tf.dispose([xi, w, gxi, wrong]);
    img.dispose();
  });

  it('square perturbations on images, custom functions, seeded', async () => {
    const cnn = wrapModel(tinyCnn({ seed: 2 }));
    const xs = uniformTensor([2, 8, 8, 1], 6);
    const a = await infidelity(cnn, xs, gradient, { perturbation: 'square', squareSize: 3, seed: 9 });
    const b = await infidelity(cnn, xs, gradient, { perturbation: 'square', squareSize: 3, seed: 9 });
    expect(a).toEqual(b);
    expect(a.value).toBeGreaterThan(0);
    const err = await expectThrowsWithoutLeaks(() => infidelity(cnn, xs, gradient, { samples: 0 }));
    expect(err).toBeInstanceOf(OptionError);
    xs.dispose();
    cnn.dispose();
  });
});

describe('max-sensitivity (Yeh et al. 2019)', () => {
  const cnn = wrapModel(tinyCnn({ seed: 4 }));
  const x = uniformTensor([2, 8, 8, 1], 7);

  it('is 0 for a constant explainer', async () => {
    const constant: ExplainFunction = async (_m, xb) => tf.onesLike(xb);
    await expectNoTensorLeaks(async () => {
      const r = await maxSensitivity(cnn, x, constant, { samples: 5 });
      expect(r.value).toBe(0);
    });
  });

  it('is positive for the gradient of a ReLU network, and reproducible', async () => {
    const a = await maxSensitivity(cnn, x, gradient, { samples: 4, radius: 0.2, seed: 3 });
    const b = await maxSensitivity(cnn, x, gradient, { samples: 4, radius: 0.2, seed: 3 });
    expect(a.value).toBeGreaterThan(0);
    expect(a).toEqual(b);
  });

  it('rejects a finished attribution (it must re-explain)', async () => {
    const t = tf.zeros([2, 8, 8, 1]);
    const err = await expectThrowsWithoutLeaks(() => maxSensitivity(cnn, x, t as never));
    expect(err).toBeInstanceOf(OptionError);
    t.dispose();
  });
});
