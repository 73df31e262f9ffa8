import { type ExplainableModel, wrapModel } from '@loupe/core';
import { loadMnistCnn } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';

/**
 * The shipped MNIST CNN when its files are present; otherwise a stand-in with the same layer layout
 * (conv1 → pool1 → conv2 → pool2 → flatten → dense1 → logits) and seeded random weights, so timings
 * are comparable. `shipped` says which one ran.
 */
export async function mnistModel(): Promise<{ model: ExplainableModel; shipped: boolean }> {
  try {
    return { model: wrapModel(await loadMnistCnn(), { inputRange: [0, 1] }), shipped: true };
  } catch {
    const init = (seed: number) => tf.initializers.glorotUniform({ seed });
    const m = tf.sequential();
    m.add(
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 16,
        kernelSize: 3,
        activation: 'relu',
        padding: 'same',
        kernelInitializer: init(1),
        name: 'conv1',
      }),
    );
    m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
    m.add(
      tf.layers.conv2d({
        filters: 32,
        kernelSize: 3,
        activation: 'relu',
        padding: 'same',
        kernelInitializer: init(2),
        name: 'conv2',
      }),
    );
    m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }));
    m.add(tf.layers.flatten({ name: 'flatten' }));
    m.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(3), name: 'dense1' }));
    m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(4), name: 'logits' }));
    return { model: wrapModel(m, { inputRange: [0, 1] }), shipped: false };
  }
}
