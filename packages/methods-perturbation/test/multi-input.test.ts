import { type ExplainableModel, explain, InputShapeError, MissingInputError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, imageTabularModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureAblation, kernelShap, occlusion, registerPerturbationMethods, rise } from '../src/index.js';
import { maxAbsDiff } from './helpers.js';

// Perturbation methods on a two-input model (image [6, 6, 2] + tabular [4]): feature masks per input
// (equal ids across inputs are one feature, as in Captum), windows per input, one attribution per input.
let source: tf.LayersModel;
let model: ExplainableModel;
let image: tf.Tensor;
let tabular: tf.Tensor;

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerPerturbationMethods();
  source = imageTabularModel({ seed: 9 });
  model = wrapModel(source);
  image = tf.randomUniform([1, 6, 6, 2], 0, 1, 'float32', 7);
  tabular = tf.randomUniform([1, 4], -1, 1, 'float32', 8);
});
afterAll(() => {
  tf.dispose([image, tabular]);
  model.dispose();
  source.dispose();
});

/** The target-0 score of the source model on (image, tabular). */
function score(i: tf.Tensor, t: tf.Tensor): number {
  return tf.tidy(() => (source.predict([i, t]) as tf.Tensor).dataSync()[0]);
}

/** `x` with the elements where `keep` is 0 set to 0. */
function masked(x: tf.Tensor, keep: number[]): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.tensor(keep, x.shape)));
}

describe('perturbation methods on a model with two inputs', () => {
  it('feature ablation: a mask per input, a group spanning both inputs dropped as one', async () => {
    // Image: left half id 0, right half id 1 (shared over channels); tabular: ids 1, 2, 2, 3.
    const left = Array.from({ length: 36 }, (_, p) => (p % 6 < 3 ? 0 : 1));
    const imageMask = tf.tensor(left, [6, 6, 1], 'int32');
    const tabularMask = tf.tensor([1, 2, 2, 3], [4], 'int32');
    await expectNoTensorLeaks(async () => {
      const a = await featureAblation(model, [image, tabular], {
        featureMask: { image: imageMask, tabular: tabularMask },
        target: 0,
      });
      expect(a.meta.features).toEqual([4]);
      const [img, tab] = a.inputs ?? [];
      const full = score(image, tabular);
      // Group 1 = the image's right half and tabular element 0, ablated together.
      const keepImage = Array.from({ length: 72 }, (_, e) => (left[Math.floor(e / 2)] === 1 ? 0 : 1));
      const dropped = tf.tidy(() => score(masked(image, keepImage), masked(tabular, [0, 1, 1, 1])));
      const imageValues = await img.values.data();
      const tabValues = await tab.values.data();
      expect(Math.abs(imageValues[6] - (full - dropped))).toBeLessThan(1e-5);
      expect(Math.abs(tabValues[0] - (full - dropped))).toBeLessThan(1e-5);
      const groupTwo = full - tf.tidy(() => score(image, masked(tabular, [1, 0, 0, 1])));
      expect(maxAbsDiff(Array.from(tabValues.slice(1, 3)), [groupTwo, groupTwo])).toBeLessThan(1e-5);
      return a;
    });
    tf.dispose([imageMask, tabularMask]);
  });

  it('default groups: superpixels on the image, every tabular element its own', async () => {
    await expectNoTensorLeaks(async () => {
      const a = await featureAblation(model, { image, tabular }, { target: 0, segments: 4 });
      const features = (a.meta.features as number[])[0];
      const tab = await (a.inputs?.[1].values as tf.Tensor).data();
      for (let j = 0; j < 4; j++) {
        const keep = [1, 1, 1, 1].map((v, k) => (k === j ? 0 : v));
        const expected = score(image, tabular) - tf.tidy(() => score(image, masked(tabular, keep)));
        expect(Math.abs(tab[j] - expected)).toBeLessThan(1e-5);
      }
      expect(features).toBeGreaterThan(4);
      return a;
    });
  });

  it('KernelSHAP: efficiency across both inputs (Σφ = f(x) − f(baseline))', async () => {
    const imageMask = tf.tensor(
      Array.from({ length: 36 }, (_, p) => (p < 18 ? 0 : 1)),
      [6, 6, 1],
      'int32',
    );
    const tabularMask = tf.tensor([2, 2, 3, 4], [4], 'int32');
    await expectNoTensorLeaks(async () => {
      const a = await explain(model, [image, tabular], {
        method: 'kernel-shap',
        target: 0,
        samples: 64,
        featureMask: [imageMask, tabularMask],
      });
      // One value per group: image top (element 0) and bottom (last), tabular groups 2, 3, 4.
      const img = await (a.inputs?.[0].values as tf.Tensor).data();
      const tab = await (a.inputs?.[1].values as tf.Tensor).data();
      const total = img[0] + img[71] + tab[0] + tab[2] + tab[3];
      const zeroed = score(image, tabular) - tf.tidy(() => score(tf.zerosLike(image), tf.zerosLike(tabular)));
      expect(Math.abs(total - zeroed)).toBeLessThan(1e-4);
      expect(a.inputs?.map((p) => p.shape)).toEqual([
        [1, 6, 6, 2],
        [1, 4],
      ]);
      return a;
    });
    tf.dispose([imageMask, tabularMask]);
  });

  it('occlusion: windows per input, the other input held at its values', async () => {
    await expectNoTensorLeaks(async () => {
      const a = await occlusion(
        model,
        { image, tabular },
        { target: 0, window: { image: [3, 3, 2], tabular: [1] }, stride: { image: 3, tabular: 1 } },
      );
      const tab = await (a.inputs?.[1].values as tf.Tensor).data();
      for (let j = 0; j < 4; j++) {
        const keep = [1, 1, 1, 1].map((v, k) => (k === j ? 0 : v));
        const expected = score(image, tabular) - tf.tidy(() => score(image, masked(tabular, keep)));
        expect(Math.abs(tab[j] - expected)).toBeLessThan(1e-5);
      }
      const img = await (a.inputs?.[0].values as tf.Tensor).data();
      const keepTopLeft = Array.from({ length: 72 }, (_, e) => {
        const p = Math.floor(e / 2);
        return Math.floor(p / 6) < 3 && p % 6 < 3 ? 0 : 1;
      });
      const corner = score(image, tabular) - tf.tidy(() => score(masked(image, keepTopLeft), tabular));
      expect(Math.abs(img[0] - corner)).toBeLessThan(1e-5);
      return a;
    });
  });

  it('typed errors: RISE on the tabular input, a missing input', async () => {
    const r = await expectThrowsWithoutLeaks(() => rise(model, [image, tabular], { masks: 8, gridSize: 3 }));
    expect(r).toBeInstanceOf(InputShapeError);
    const missing = await expectThrowsWithoutLeaks(() => kernelShap(model, { image }, { samples: 16 }));
    expect(missing).toBeInstanceOf(MissingInputError);
  });
});
