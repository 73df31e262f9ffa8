import { regionTarget, TargetError } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureAblation } from '../src/index.js';
import { fixedValues, maxAbsDiff, release } from './helpers.js';

describe('perturbation methods on a segmentation output with a region target', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('feature ablation per pixel of a linear 1×1-conv segmenter gives mask_p · Σ_ch W[ch, c]·x[p, ch]', async () => {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [4, 4, 2], filters: 3, kernelSize: 1, useBias: false }));
    const w = fixedValues(6, 81);
    const kernel = tf.tensor4d(w, [1, 1, 2, 3]);
    model.layers[0].setWeights([kernel]);
    const xs = fixedValues(32, 82);
    const x = tf.tensor4d(xs, [1, 4, 4, 2]);
    const weights = Array.from({ length: 16 }, (_, p) => (p % 5 === 0 ? 1 + (p % 3) : 0));
    const mask = tf.tensor2d(weights, [4, 4]);
    const pixels = tf.tensor3d(
      Array.from({ length: 16 }, (_, p) => p),
      [4, 4, 1],
      'int32',
    );
    await expectNoTensorLeaks(async () => {
      const a = await featureAblation(model, x, {
        featureMask: pixels,
        fill: 0,
        target: regionTarget(mask, 1),
      });
      const expected = Array.from({ length: 32 }, (_, i) => {
        const p = Math.floor(i / 2);
        return weights[p] * (w[0 * 3 + 1] * xs[p * 2] + w[1 * 3 + 1] * xs[p * 2 + 1]);
      });
      expect(maxAbsDiff(await a.data(), expected)).toBeLessThan(1e-5);
      return a;
    });
    const wrong = tf.ones([3, 3]);
    const error = await expectThrowsWithoutLeaks(() =>
      featureAblation(model, x, { featureMask: pixels, target: regionTarget(wrong, 1) }),
    );
    expect(error).toBeInstanceOf(TargetError);
    release(x, mask, pixels, kernel, wrong);
    model.dispose();
  });
});
