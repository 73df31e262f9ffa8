import { wrapModel } from '@loupe/core';
import { loadMnistCnn, loadMnistSamples } from '@loupe/models';
import { expectNoTensorLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam, integratedGradients } from '../src/index.js';

// The shipped, trained MNIST CNN: the model the README, the playground and the CLI explain.
let model: ReturnType<typeof wrapModel>;
let digits: tf.Tensor;

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = wrapModel(await loadMnistCnn(), { inputRange: [0, 1] });
  const { images, labels } = await loadMnistSamples();
  digits = tf.gather(
    images,
    Array.from({ length: 10 }, (_, k) => labels.indexOf(k)),
  );
  images.dispose();
});
afterAll(() => {
  digits.dispose();
  model.dispose();
});

describe('on the shipped MNIST CNN', () => {
  it('integrated gradients is complete within 1% at 50 Gauss–Legendre steps for every digit class', async () => {
    await expectNoTensorLeaks(async () => {
      const a = await integratedGradients(model, digits, { steps: 50 });
      expect(a.target).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const sums = tf.tidy(() => tf.sum(tf.reshape(a.values, [10, -1]), 1));
      const s = Array.from(await sums.data());
      sums.dispose();
      (a.meta.convergenceDelta as number[]).forEach((delta, i) => {
        // f(x) − f(baseline) = Σ attribution − delta
        expect(Math.abs(delta), `digit ${i}`).toBeLessThan(0.01 * Math.abs(s[i] - delta));
      });
      return a;
    });
  });

  it("Grad-CAM's 'auto' layer is the last layer with spatial output, at that layer's resolution", async () => {
    const a = await gradCam(model, digits, { upsample: false });
    expect(a.meta.layer).toBe('pool2');
    expect(a.shape.slice(1)).toEqual(model.layer('pool2').outputShape.slice(1, 3));
    a.dispose();
  });
});
