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
export function reluThenDense(
  weights: number[],
  activation: 'relu' | 'relu6' | 'leakyRelu' = 'relu',
): tf.Sequential {
  const m = tf.sequential();
  const features = weights.length;
  if (activation === 'leakyRelu')
    m.add(tf.layers.leakyReLU({ alpha: 0.2, inputShape: [features], name: 'act' }));
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
  m.add(
    tf.layers.conv2d({
      inputShape: [size, size, 1],
      filters,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: init(seed),
      biasInitializer: init(seed + 1),
      name: 'features',
    }),
  );
  m.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  m.add(
    tf.layers.dense({
      units: classes,
      kernelInitializer: init(seed + 2),
      biasInitializer: init(seed + 3),
      name: 'scores',
    }),
  );
  return m;
}

/** A CNN with smooth activations (tanh, softplus): the IG integrand is analytic, so Gauss–Legendre converges fast. */
export function smoothCnn(seed = 21, size = 8): tf.Sequential {
  const init = (s: number) => tf.initializers.randomUniform({ minval: -0.6, maxval: 0.6, seed: s });
  const m = tf.sequential();
  m.add(
    tf.layers.conv2d({
      inputShape: [size, size, 1],
      filters: 4,
      kernelSize: 3,
      activation: 'tanh',
      kernelInitializer: init(seed),
      biasInitializer: init(seed + 1),
      name: 'c1',
    }),
  );
  m.add(tf.layers.averagePooling2d({ poolSize: 2, name: 'p1' }));
  m.add(
    tf.layers.conv2d({
      filters: 4,
      kernelSize: 2,
      activation: 'softplus',
      kernelInitializer: init(seed + 2),
      name: 'c2',
    }),
  );
  m.add(tf.layers.flatten({ name: 'flat' }));
  m.add(tf.layers.dense({ units: 3, kernelInitializer: init(seed + 3), name: 'scores' }));
  return m;
}

/** Disposes attributions and tensors alike. */
export function disposeAll(...items: { dispose(): void }[]): void {
  for (const item of items) item.dispose();
}
