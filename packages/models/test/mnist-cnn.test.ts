import { ModelLoadError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistCnn, loadMnistSamples, mnistAssetUrls } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loadMnistCnn', () => {
  it('loads the shipped CNN with named layers, a spatial last conv and a softmax head, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const model = await loadMnistCnn();
    expect(tf.memory().numTensors - before).toBe(model.weights.length);
    expect(model.layers.map((l) => l.name)).toEqual([
      'conv1',
      'pool1',
      'conv2',
      'pool2',
      'flatten',
      'dense1',
      'logits',
    ]);
    expect(model.inputs[0].shape).toEqual([null, 28, 28, 1]);
    expect(model.getLayer('conv2').outputShape).toEqual([null, 14, 14, 16]);
    expect(model.getLayer('logits').getConfig().activation).toBe('softmax');
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('classifies at least 98% of the held-out sample digits correctly', async () => {
    const model = await loadMnistCnn();
    const { images, labels } = await loadMnistSamples();
    const predicted = tf.tidy(() => (model.predict(images) as tf.Tensor).argMax(-1).dataSync());
    const correct = labels.filter((label, i) => predicted[i] === label).length;
    expect(correct / labels.length).toBeGreaterThanOrEqual(0.98);
    tf.dispose(images);
    model.dispose();
  });

  it('says what to do when model.json is missing', async () => {
    const modelUrl = new URL('./absent/model.json', mnistAssetUrls.cnnModel);
    await expect(loadMnistCnn({ modelUrl })).rejects.toThrow(ModelLoadError);
    await expect(loadMnistCnn({ modelUrl })).rejects.toThrow(/Model file not found/);
  });
});
