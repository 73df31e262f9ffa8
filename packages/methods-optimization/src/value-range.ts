import * as tf from '@tensorflow/tfjs-core';

/** How optimised values are kept inside the model's `inputRange`. */
export type RangeMapping = 'clip' | 'sigmoid';

/** A closed interval of valid input values, or null when the model declared none. */
export type ValueRange = readonly [number, number] | null;

/**
 * Clips to `[lo, hi]` in the forward pass and passes the gradient straight through, so parameters that
 * wander outside the range (e.g. a Fourier spectrum, which cannot be projected pixel by pixel) still
 * receive a signal to come back.
 */
export function clipStraightThrough(x: tf.Tensor, lo: number, hi: number): tf.Tensor {
  const f = tf.customGrad((v) => ({
    value: tf.clipByValue(v as tf.Tensor, lo, hi),
    gradFunc: (dy: tf.Tensor) => dy,
  }));
  return f(x);
}

/** `lo + (hi − lo)·sigmoid(u)`: an unconstrained value squashed into the range (Olah et al. 2017). */
export function sigmoidToRange(u: tf.Tensor, range: readonly [number, number]): tf.Tensor {
  return tf.tidy(() => tf.add(tf.mul(tf.sigmoid(u), range[1] - range[0]), range[0]));
}

/** The middle of the range (0 without one): where images start and what the L2 prior pulls towards. */
export function rangeCentre(range: ValueRange): number {
  return range ? (range[0] + range[1]) / 2 : 0;
}

/** The width of the range (1 without one): the unit noise and step sizes are measured in. */
export function rangeWidth(range: ValueRange): number {
  return range ? range[1] - range[0] : 1;
}
