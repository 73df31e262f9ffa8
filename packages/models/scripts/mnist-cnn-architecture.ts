import * as tf from '@tensorflow/tfjs';
import { SIDE } from './mnist-data.js';

/** Filters of conv1 and conv2 and units of dense1: small enough to train on 2 cpu cores. */
export const CONV1 = 8;
export const CONV2 = 16;
export const DENSE1 = 64;

/** conv1 → pool1 → conv2 (14×14 spatial output, the Grad-CAM layer) → pool2 → dense1 → logits. */
export function buildModel(seed: number): tf.Sequential {
  const init = (offset: number) => tf.initializers.heNormal({ seed: seed + offset });
  return tf.sequential({
    name: 'mnist_cnn',
    layers: [
      tf.layers.conv2d({
        name: 'conv1',
        inputShape: [SIDE, SIDE, 1],
        filters: CONV1,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tf.layers.conv2d({
        name: 'conv2',
        filters: CONV2,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(2),
      }),
      tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'dense1', units: DENSE1, activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.dense({
        name: 'logits',
        units: 10,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 4 }),
      }),
    ],
  });
}
