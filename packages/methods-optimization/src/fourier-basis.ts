import * as tf from '@tensorflow/tfjs-core';

/**
 * Real 2-D Fourier synthesis as two matrix products. With A, B the cosine and sine coefficients over
 * frequencies (k₁ < H, k₂ ≤ W/2), the image is Σ A·cos(2π(k₁i/H + k₂j/W)) + B·sin(…), which the angle-sum
 * identities turn into `[C_H S_H] · [[A, B], [B, −A]] · [C_Wᵀ; S_Wᵀ]`. Matrix products have gradients on
 * every backend and handle odd sizes, unlike tfjs's 1-D `irfft`.
 */
export interface FourierBasis {
  /** `[H, 2H]`: cos and sin of 2π·k₁·i/H side by side. */
  left: tf.Tensor2D;
  /** `[2K, W]`: cos and sin of 2π·k₂·j/W stacked, K = ⌊W/2⌋ + 1. */
  right: tf.Tensor2D;
  /** Frequency magnitude in cycles per pixel, `[H, K]` (rows wrap: k₁ and H − k₁ are the same frequency). */
  frequency: Float32Array;
  height: number;
  width: number;
  /** K = ⌊W/2⌋ + 1 columns of coefficients. */
  columns: number;
}

export function fourierBasis(height: number, width: number): FourierBasis {
  const columns = Math.floor(width / 2) + 1;
  const left = new Float32Array(height * 2 * height);
  for (let i = 0; i < height; i++) {
    for (let k = 0; k < height; k++) {
      const a = (2 * Math.PI * k * i) / height;
      left[i * 2 * height + k] = Math.cos(a);
      left[i * 2 * height + height + k] = Math.sin(a);
    }
  }
  const right = new Float32Array(2 * columns * width);
  for (let k = 0; k < columns; k++) {
    for (let j = 0; j < width; j++) {
      const a = (2 * Math.PI * k * j) / width;
      right[k * width + j] = Math.cos(a);
      right[(columns + k) * width + j] = Math.sin(a);
    }
  }
  const frequency = new Float32Array(height * columns);
  for (let k1 = 0; k1 < height; k1++) {
    const fy = Math.min(k1, height - k1) / height;
    for (let k2 = 0; k2 < columns; k2++) {
      const fx = k2 / width;
      frequency[k1 * columns + k2] = Math.sqrt(fy * fy + fx * fx);
    }
  }
  return {
    left: tf.tensor2d(left, [height, 2 * height]),
    right: tf.tensor2d(right, [2 * columns, width]),
    frequency,
    height,
    width,
    columns,
  };
}

/**
 * Images `[M, H, W]` from coefficients `a`, `b` `[M, H, K]`.
 */
export function synthesize(basis: FourierBasis, a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const { height: h, width: w, columns: k } = basis;
    const m = a.shape[0];
    const block = tf.concat([tf.concat([a, b], 2), tf.concat([b, tf.neg(a)], 2)], 1); // [M, 2H, 2K]
    const rightDone = tf.reshape(tf.matMul(tf.reshape(block, [m * 2 * h, 2 * k]), basis.right), [
      m,
      2 * h,
      w,
    ]);
    const rows = tf.reshape(tf.transpose(rightDone, [1, 0, 2]), [2 * h, m * w]);
    const image = tf.reshape(tf.matMul(basis.left, rows), [h, m, w]);
    return tf.transpose(image, [1, 0, 2]) as tf.Tensor3D;
  });
}
