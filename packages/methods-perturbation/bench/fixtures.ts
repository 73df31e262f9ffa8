// Models for the benchmarks: the shipped MNIST CNN when its assets are present (else a same-shaped CNN with
// seeded random weights: the cost of a forward pass depends on the shapes, not the weights), and the
// MobileNetV2-shaped model from @loupe/testing.
import { type ExplainableModel, wrapModel } from '@loupe/core';
import { loadMnistCnn } from '@loupe/models';
import { buildMobileNetV2Like } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';

function sameShapeMnistCnn(): tf.LayersModel {
  const init = (seed: number) => tf.initializers.heNormal({ seed });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        name: 'conv1',
        inputShape: [28, 28, 1],
        filters: 8,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tf.layers.conv2d({
        name: 'conv2',
        filters: 16,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(2),
      }),
      tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'dense1', units: 64, activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.dense({ name: 'logits', units: 10, activation: 'softmax', kernelInitializer: init(4) }),
    ],
  });
}

/** The MNIST CNN (shipped, or same-shaped) and which one it is. */
export async function mnistCnn(): Promise<{ model: ExplainableModel; shipped: boolean }> {
  try {
    return { model: wrapModel(await loadMnistCnn(), { inputRange: [0, 1] }), shipped: true };
  } catch (err) {
    console.info(
      `[bench] shipped MNIST CNN unavailable (${(err as Error).message.slice(0, 120)}); using a same-shaped CNN.`,
    );
    return { model: wrapModel(sameShapeMnistCnn(), { inputRange: [0, 1] }), shipped: false };
  }
}

/** MobileNetV2-shaped model at `size`×`size`×3 with seeded random weights. */
export function mobileNet(size: number): ExplainableModel {
  return wrapModel(buildMobileNetV2Like({ inputSize: size, alpha: 1, seed: 1 }), { inputRange: [0, 1] });
}

/**
 * The reference cost: `count` copies of `x` scored by the model directly, in batches of `batchSize`
 * (the copies are made by one broadcast per batch), target scores read back once at the end.
 */
export async function directForwards(
  model: ExplainableModel,
  x: tf.Tensor,
  count: number,
  batchSize: number,
): Promise<void> {
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const b = Math.min(batchSize, count - start);
    parts.push(
      tf.tidy(() =>
        tf.slice(model.forwardBatched(tf.mul(x, tf.ones([b, ...x.shape.slice(1)]))), [0, 0], [-1, 1]),
      ),
    );
    // The methods yield to the event loop between batches (forEachBatch); so does the reference.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const all = tf.concat(parts, 0);
  await all.data();
  tf.dispose([all, ...parts]);
}
