import * as tf from '@tensorflow/tfjs';

/** A small dense generator z [N, latentDim] → sigmoid image [N, size, size, 1], seeded. */
export function tinyGenerator(latentDim = 4, size = 8, seed = 2): tf.Sequential {
  const g = tf.sequential();
  g.add(
    tf.layers.dense({
      inputShape: [latentDim],
      units: 16,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotNormal({ seed }),
      name: 'g_hidden',
    }),
  );
  g.add(
    tf.layers.dense({
      units: size * size,
      activation: 'sigmoid',
      kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }),
      name: 'g_pixels',
    }),
  );
  g.add(tf.layers.reshape({ targetShape: [size, size, 1], name: 'g_image' }));
  return g;
}

/** Max |a − b| over two same-shaped tensors. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}
