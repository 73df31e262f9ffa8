import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wrapModel } from '@loupe/core';
import { registerGradientMethods } from '@loupe/methods-gradient';
import { loadMnistCnn, loadMnistSamples, mnistAssetUrls } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelRandomization } from '../src/index.js';

const shipped =
  existsSync(fileURLToPath(mnistAssetUrls.cnnModel)) && existsSync(fileURLToPath(mnistAssetUrls.samples));

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerGradientMethods();
});

// Needs @loupe/models' trained CNN (assets/mnist-cnn); the models package's training script makes it.
describe.skipIf(!shipped)('sanity checks on the shipped MNIST CNN', () => {
  it('cascading randomization of all layers drives vanilla-gradient similarity below 0.4 (|Spearman|)', async () => {
    const net = await loadMnistCnn();
    const model = wrapModel(net);
    // The sample file is in class order, 100 per class: take digits of four different classes.
    const { images, labels } = await loadMnistSamples();
    const picks = [0, 250, 500, 750];
    const x = tf.gather(images, picks);
    const before = tf.memory().numTensors;
    const saliency = await modelRandomization(model, x, 'saliency', { seed: 1 });
    const guided = await modelRandomization(model, x, 'guided-backprop', { seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    const last = saliency.steps[saliency.steps.length - 1];
    expect(saliency.steps.map((s) => s.layer)).toEqual(['logits', 'dense1', 'conv2', 'conv1']);
    expect(last.spearmanAbs).toBeLessThan(0.4);
    // Guided backprop is reported beside it (Adebayo et al. found it barely changes); no bound asserted.
    expect(guided.steps).toHaveLength(4);
    console.info(
      `saliency |Spearman| by step: ${saliency.steps.map((s) => s.spearmanAbs.toFixed(3)).join(', ')}; ` +
        `guided backprop: ${guided.steps.map((s) => s.spearmanAbs.toFixed(3)).join(', ')}; labels ${picks.map((i) => labels[i]).join(',')}`,
    );
    tf.dispose([images, x]);
    model.dispose();
    net.dispose();
  });
});
