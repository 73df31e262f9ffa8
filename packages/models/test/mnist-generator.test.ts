import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistCnn, loadMnistGenerator } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loadMnistGenerator', () => {
  it('maps latent codes [N, latentDim] to images [N, 28, 28, 1] in [0, 1], leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const { model, latentDim } = await loadMnistGenerator();
    expect(tf.memory().numTensors - before).toBe(model.weights.length);
    expect(latentDim).toBeGreaterThanOrEqual(8);
    expect(latentDim).toBeLessThanOrEqual(16);
    const z = tf.randomNormal([6, latentDim], 0, 1, 'float32', 3);
    const images = model.predict(z) as tf.Tensor;
    expect(images.shape).toEqual([6, 28, 28, 1]);
    const [min, max] = tf.tidy(() => [images.min().dataSync()[0], images.max().dataSync()[0]]);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    tf.dispose([z, images]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('generates digit-like images: the CNN is confident on most prior samples', async () => {
    const { model, latentDim } = await loadMnistGenerator();
    const cnn = await loadMnistCnn();
    const confidence = tf.tidy(() => {
      const images = model.predict(tf.randomNormal([100, latentDim], 0, 1, 'float32', 5)) as tf.Tensor;
      return (cnn.predict(images) as tf.Tensor).max(-1).mean().dataSync()[0];
    });
    // Uniform guessing would give 0.1; a decoder of noise would not reach this.
    expect(confidence).toBeGreaterThan(0.8);
    model.dispose();
    cnn.dispose();
  });
});
