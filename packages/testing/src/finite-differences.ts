import * as tf from '@tensorflow/tfjs-core';

/**
 * Central finite differences of a scalar function: (f(x + h·e_i) − f(x − h·e_i)) / 2h for every element.
 * `h` defaults to 1e-2, a good trade-off between truncation and float32 rounding for smooth-ish models.
 * Only `indices` are probed when given (big inputs); the rest stay 0.
 */
export function finiteDifferenceGradient(
  f: (x: tf.Tensor) => tf.Scalar | tf.Tensor,
  x: tf.Tensor,
  options: { h?: number; indices?: readonly number[] } = {},
): Float32Array {
  const h = options.h ?? 1e-2;
  const base = x.dataSync().slice() as Float32Array;
  const grad = new Float32Array(base.length);
  const evalAt = (values: Float32Array): number =>
    tf.tidy(() => {
      const y = f(tf.tensor(values, x.shape, 'float32'));
      return tf.sum(y).dataSync()[0];
    });
  const indices = options.indices ?? base.map((_, i) => i);
  for (const i of indices) {
    const plus = base.slice();
    const minus = base.slice();
    plus[i] += h;
    minus[i] -= h;
    grad[i] = (evalAt(plus) - evalAt(minus)) / (2 * h);
  }
  return grad;
}

/** max |a − b| / max(|b|max, floor): the relative error used across Loupe's tests. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-6): number {
  let maxDiff = 0;
  let scale = floor;
  for (let i = 0; i < b.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return maxDiff / scale;
}
