import * as tf from '@tensorflow/tfjs-core';

/**
 * Total variation of each image in an NHWC batch, `[N]`: the mean over pixels of
 * ((x[i, j+1] − x[i, j])² + (x[i+1, j] − x[i, j])²)^(β/2) — the V^β regulariser of Mahendran & Vedaldi
 * (2016). β = 2 (default) is smooth; β = 1 is the classic isotropic TV and favours flat patches with sharp
 * edges. Units: input units to the power β.
 */
export function totalVariation(x: tf.Tensor4D, beta = 2): tf.Tensor1D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const dy = tf.sub(
      tf.slice(x, [0, 1, 0, 0], [n, h - 1, w - 1, c]),
      tf.slice(x, [0, 0, 0, 0], [n, h - 1, w - 1, c]),
    );
    const dx = tf.sub(
      tf.slice(x, [0, 0, 1, 0], [n, h - 1, w - 1, c]),
      tf.slice(x, [0, 0, 0, 0], [n, h - 1, w - 1, c]),
    );
    const squared = tf.add(tf.square(dy), tf.square(dx));
    // A small floor keeps the gradient of a fractional power finite where the image is flat.
    const powered = beta === 2 ? squared : tf.pow(tf.add(squared, 1e-8), beta / 2);
    return tf.mean(tf.reshape(powered, [n, -1]), 1) as tf.Tensor1D;
  });
}

/**
 * Mean squared distance of each image from `centre`, `[N]` (Simonyan et al. 2013's L2 regulariser,
 * measured from the range's middle so that it pulls towards grey, not towards black).
 */
export function l2Penalty(x: tf.Tensor, centre: number): tf.Tensor1D {
  return tf.tidy(() => tf.mean(tf.reshape(tf.square(tf.sub(x, centre)), [x.shape[0], -1]), 1) as tf.Tensor1D);
}
