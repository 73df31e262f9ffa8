import { type Attribution, type ExplainableModel, explain, OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, imageTabularModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deepLift,
  gradCam,
  integratedGradients,
  lrp,
  registerGradientMethods,
  saliency,
} from '../src/index.js';
import { relErr } from './fixtures.js';

// A two-input functional model (image [6, 6, 2] + tabular [4]): every method takes one tensor per input and
// returns one attribution per input; completeness holds across both inputs together.
let source: tf.LayersModel;
let model: ExplainableModel;
let image: tf.Tensor;
let tabular: tf.Tensor;
const target = [0, 2];

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerGradientMethods();
  source = imageTabularModel({ bias: false });
  model = wrapModel(source);
  image = tf.randomUniform([2, 6, 6, 2], 0, 1, 'float32', 5);
  tabular = tf.randomUniform([2, 4], -1, 1, 'float32', 6);
});
afterAll(() => {
  tf.dispose([image, tabular]);
  model.dispose();
  source.dispose();
});

/** Σ over both inputs of each example's attribution. */
function totals(a: Attribution): number[] {
  const parts = a.inputs ?? [];
  return [0, 1].map((e) =>
    parts.reduce((sum, p) => sum + tf.tidy(() => tf.sum(tf.slice(p.values, e, 1)).dataSync()[0]), 0),
  );
}

/** f(x) − f(baseline) for the targets, the baseline given per input. */
function scoreDifference(baseline: [tf.Tensor, tf.Tensor]): number[] {
  return tf.tidy(() => {
    const fx = source.predict([image, tabular]) as tf.Tensor;
    const f0 = source.predict(baseline) as tf.Tensor;
    const d = tf.sub(fx, f0).arraySync() as number[][];
    return target.map((t, e) => d[e][t]);
  });
}

describe('methods on a model with two inputs (image + tabular)', () => {
  it('saliency: one gradient per input, equal to autodiff of the source model', async () => {
    await expectNoTensorLeaks(async () => {
      const a = await saliency(model, { image, tabular }, { target, abs: false });
      expect(a.inputs?.map((p) => [p.inputName, p.shape])).toEqual([
        ['image', [2, 6, 6, 2]],
        ['tabular', [2, 4]],
      ]);
      const [gi, gt] = tf.tidy(() =>
        tf.grads((i: tf.Tensor, t: tf.Tensor) =>
          tf.sum(tf.mul(source.apply([i, t]) as tf.Tensor, tf.oneHot(target, 3))),
        )([image, tabular]),
      );
      expect(relErr(await (a.inputs?.[0].values as tf.Tensor).data(), await gi.data())).toBeLessThan(1e-5);
      expect(relErr(await (a.inputs?.[1].values as tf.Tensor).data(), await gt.data())).toBeLessThan(1e-5);
      return [a, gi, gt];
    });
  });

  it('integrated gradients: per-input baselines, attributions summing to f(x) − f(x₀) over both inputs', async () => {
    const b = [tf.fill([6, 6, 2], 0.25), tf.fill([4], -0.5)] as [tf.Tensor, tf.Tensor];
    const batched = tf.tidy(() => [tf.stack([b[0], b[0]]), tf.stack([b[1], b[1]])]) as [tf.Tensor, tf.Tensor];
    await expectNoTensorLeaks(async () => {
      const a = await explain(model, [image, tabular], {
        method: 'integrated-gradients',
        target,
        steps: 128,
        baseline: { image: b[0], tabular: b[1] },
      });
      // Σ over both inputs − (f(x) − f(x₀)) is the reported delta, and small (ReLU kinks limit quadrature).
      const expected = scoreDifference(batched);
      totals(a).forEach((s, e) => {
        expect(Math.abs(s - expected[e] - a.meta.convergenceDelta[e])).toBeLessThan(1e-4);
        expect(Math.abs(a.meta.convergenceDelta[e])).toBeLessThan(1e-3);
      });
      return a;
    });
    tf.dispose([...b, ...batched]);
  });

  it('DeepLIFT and LRP run through the two-input graph: summation-to-delta and conservation', async () => {
    await expectNoTensorLeaks(async () => {
      const d = await deepLift(model, [image, tabular], { target });
      const zeros = tf.tidy(() => [tf.zerosLike(image), tf.zerosLike(tabular)]) as [tf.Tensor, tf.Tensor];
      const expected = scoreDifference(zeros);
      for (const [e, s] of totals(d).entries()) expect(Math.abs(s - expected[e])).toBeLessThan(1e-4);
      const r = await lrp(model, [image, tabular], { target, rule: 'epsilon', epsilon: 1e-9 });
      const scores = r.meta.scores as number[];
      const absorbed = r.meta.relevanceAbsorbed as number[];
      for (const [e, s] of totals(r).entries())
        expect(Math.abs(s + absorbed[e] - scores[e])).toBeLessThan(1e-4);
      expect(r.inputs?.[1].shape).toEqual([2, 4]);
      return [d, r, zeros];
    });
  });

  it('Grad-CAM maps over the image input and gives the tabular input nothing', async () => {
    await expectNoTensorLeaks(async () => {
      const a = await gradCam(model, { image, tabular }, { target, layer: 'conv' });
      const [img, tab] = a.inputs ?? [];
      expect(img.shape).toEqual([2, 6, 6, 2]);
      expect(tf.tidy(() => tf.max(tf.abs(tab.values)).dataSync()[0])).toBe(0);
      expect(tf.tidy(() => tf.max(img.values).dataSync()[0])).toBeGreaterThan(0);
      return a;
    });
  });

  it('refuses what does not fit a non-image input, naming it', async () => {
    const blur = await expectThrowsWithoutLeaks(() =>
      explain(model, [image, tabular], { method: 'blur-integrated-gradients', target }),
    );
    expect(blur).toBeInstanceOf(OptionError);
    expect(String(blur)).toContain('input "tabular"');
    const wrong = await expectThrowsWithoutLeaks(() =>
      integratedGradients(model, [image, tabular], { target, baseline: image }),
    );
    expect(String(wrong)).toContain('give one value per input');
  });

  it('every gradient method accepts the two inputs and returns one attribution per input', async () => {
    const runs: Record<string, Record<string, unknown>> = {
      'input-x-gradient': {},
      smoothgrad: { samples: 4 },
      'expected-gradients': { samples: 4 },
      'guided-backprop': {},
      deconvnet: {},
      'grad-cam-plus-plus': { layer: 'conv' },
      'guided-grad-cam': { layer: 'conv' },
    };
    await expectNoTensorLeaks(async () => {
      const out: Attribution[] = [];
      for (const [method, options] of Object.entries(runs)) {
        const a = await explain(model, { image, tabular }, { method, target, ...options });
        expect(
          a.inputs?.map((p) => p.shape),
          method,
        ).toEqual([
          [2, 6, 6, 2],
          [2, 4],
        ]);
        out.push(a);
      }
      return out;
    });
  });
});
