import * as tf from '@tensorflow/tfjs';

/** Seeded uniform images in [0, 1]. */
export function images(n: number, size = 8, channels = 1, seed = 3): tf.Tensor4D {
  return tf.randomUniform([n, size, size, channels], 0, 1, 'float32', seed) as tf.Tensor4D;
}

/** Max |a − b| / max |b| over all elements. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** A model input → ReLU → Dense(1, no bias) on flat inputs with the given weights (ReLU mask = 1[x > 0]). */
export function reluThenDense(weights: number[], activation: 'relu' | 'relu6' | 'leakyRelu' = 'relu'): tf.Sequential {
  const m = tf.sequential();
  const features = weights.length;
  if (activation === 'leakyRelu') m.add(tf.layers.leakyReLU({ alpha: 0.2, inputShape: [features], name: 'act' }));
  else m.add(tf.layers.activation({ activation, inputShape: [features], name: 'act' }));
  m.add(tf.layers.dense({ units: 1, useBias: false, name: 'out' }));
  const kernel = tf.tensor2d(weights, [features, 1]);
  m.layers[1].setWeights([kernel]);
  kernel.dispose();
  return m;
}

/**
 * conv (linear activation, 'same') → global average pool → dense: the score of class c is
 * Σ_k W[k, c] · mean_hw A_k + b_c, so ∂score/∂A_k(i, j) = W[k, c] / (h·w) everywhere.
 */
export function convGapDense(seed = 5, size = 6, filters = 3, classes = 2): tf.Sequential {
  const m = tf.sequential();
  const init = (s: number) => tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: s });
  m.add(tf.layers.conv2d({ inputShape: [size, size, 1], filters, kernelSize: 3, padding: 'same', kernelInitializer: init(seed), biasInitializer: init(seed + 1), name: 'features' }));
  m.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  m.add(tf.layers.dense({ units: classes, kernelInitializer: init(seed + 2), biasInitializer: init(seed + 3), name: 'scores' }));
  return m;
}
