import * as tf from '@tensorflow/tfjs-core';
import { depthwiseInputGradient } from './depthwise-input-grad.js';
import { withInputGradient } from './input-gradient-op.js';

/** In-bounds positions per window along one axis (TensorFlow's average pooling excludes padding). */
function windowCounts(size: number, k: number, s: number, padding: 'same' | 'valid'): number[] {
  const out = padding === 'valid' ? Math.floor((size - k) / s) + 1 : Math.ceil(size / s);
  const before = padding === 'valid' ? 0 : Math.floor(Math.max((out - 1) * s + k - size, 0) / 2);
  return Array.from({ length: out }, (_, o) => {
    const start = o * s - before;
    return Math.min(start + k, size) - Math.max(start, 0);
  });
}

/**
 * ∂/∂x of 2-D average pooling from forward ops: non-overlapping windows (stride = window, sizes divisible)
 * spread dy/k² over each window by one broadcast product; otherwise dy divided by each window's in-bounds
 * count goes back through the adjoint of a depthwise convolution with a ones kernel (depthwise-input-grad.ts).
 */
export function avgPoolInputGradient(
  dy: tf.Tensor4D,
  inputShape: readonly number[],
  size: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = inputShape;
    const [oh, ow] = [dy.shape[1], dy.shape[2]];
    if (size[0] === strides[0] && size[1] === strides[1] && h % size[0] === 0 && w % size[1] === 0) {
      const spread = tf.mul(
        tf.reshape(dy, [n * oh, 1, ow, 1, c]),
        tf.fill([1, size[0], 1, size[1], 1], 1 / (size[0] * size[1])),
      );
      return tf.reshape(spread, [n, h, w, c]) as tf.Tensor4D;
    }
    const rows = windowCounts(h, size[0], strides[0], padding);
    const cols = windowCounts(w, size[1], strides[1], padding);
    const inverse = new Float32Array(oh * ow);
    for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) inverse[i * ow + j] = 1 / (rows[i] * cols[j]);
    const scaled = tf.mul(dy, tf.tensor4d(inverse, [1, oh, ow, 1])) as tf.Tensor4D;
    const ones = tf.ones([size[0], size[1], c, 1]) as tf.Tensor4D;
    return depthwiseInputGradient(scaled, ones, inputShape, strides, padding, [1, 1]);
  });
}

/** `tf.avgPool` whose input gradient is `avgPoolInputGradient` (forward ops only, no AvgPoolGrad). */
export function avgPoolForwardGrad(
  x: tf.Tensor4D,
  size: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
): tf.Tensor4D {
  return withInputGradient(
    x,
    (input) => tf.avgPool(input, size, strides, padding),
    (dy, input) => avgPoolInputGradient(dy, input.shape, size, strides, padding),
  );
}
