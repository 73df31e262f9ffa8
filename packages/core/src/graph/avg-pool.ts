import * as tf from '@tensorflow/tfjs-core';

/** TensorFlow's SAME padding of one spatial axis: `[before, after]`. */
function samePadding(size: number, window: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + window - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** How many positions of each window along one axis fall inside the input (not in the padding). */
function validCounts(size: number, window: number, stride: number, before: number): number[] {
  const out = Math.ceil(size / stride);
  return Array.from({ length: out }, (_, i) => {
    const start = i * stride - before;
    return Math.min(start + window, size) - Math.max(start, 0);
  });
}

/**
 * 2-D average pooling (NHWC) whose gradient is right with SAME padding. TensorFlow averages over the
 * window positions inside the input; tfjs's forward does too, but its AvgPoolGrad spreads every upstream
 * value by 1 / (window area), which is wrong for border windows that overlap the padding. Written as a VALID
 * average over the zero-padded input (full windows, where tfjs's backward is exact) rescaled by a
 * constant per output position, area / positions inside the input, the forward is unchanged and the
 * gradient is exact on every backend.
 */
export function avgPoolExact(
  x: tf.Tensor4D,
  size: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (padding === 'valid' && size[0] === strides[0] && size[1] === strides[1]) {
    // Windows that tile the input (global pooling, 2×2/2): a crop, a reshape and a mean, whose backward is a
    // broadcast. tfjs's AvgPoolGrad loops over every window position (433 ms of a 750 ms saliency on
    // selfie's 128×128 windows on wasm).
    const [rows, cols] = [Math.floor(h / size[0]), Math.floor(w / size[1])];
    return tf.tidy(() => {
      const cropped =
        rows * size[0] === h && cols * size[1] === w
          ? x
          : tf.slice(x, 0, [n, rows * size[0], cols * size[1], c]);
      return tf.mean(tf.reshape(cropped, [n, rows, size[0], cols, size[1], c]), [2, 4]) as tf.Tensor4D;
    });
  }
  if (padding === 'valid') return tf.avgPool(x, size, strides, 'valid');
  const rows = samePadding(h, size[0], strides[0]);
  const cols = samePadding(w, size[1], strides[1]);
  if (rows[0] + rows[1] + cols[0] + cols[1] === 0) return tf.avgPool(x, size, strides, 'valid');
  return tf.tidy(() => {
    const padded = tf.pad(x, [[0, 0], rows, cols, [0, 0]]);
    const mean = tf.avgPool(padded, size, strides, 'valid');
    const rowCounts = validCounts(h, size[0], strides[0], rows[0]);
    const colCounts = validCounts(w, size[1], strides[1], cols[0]);
    const area = size[0] * size[1];
    const scale = rowCounts.flatMap((r) => colCounts.map((c) => area / (r * c)));
    return tf.mul(mean, tf.tensor4d(scale, [1, rowCounts.length, colCounts.length, 1]));
  });
}
