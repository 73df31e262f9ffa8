import type { ResolvedTarget } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The differentiable score selector for a batch of points built from examples `exampleIds` (one id per
 * row): row r is scored on its example's class. Function targets map any batch, so they pass through.
 */
export function selectorFor(
  target: ResolvedTarget,
  exampleIds: readonly number[],
): (scores: tf.Tensor) => tf.Tensor1D {
  if (target.indices.some((i) => i === null)) return target.select;
  const classes = exampleIds.map((e) => target.indices[e] as number);
  return (scores) =>
    tf.tidy(() => {
      const flat = tf.reshape(scores, [scores.shape[0], -1]) as tf.Tensor2D;
      // A single-output model: its one score is the target (oneHot needs depth ≥ 2).
      if (flat.shape[1] === 1) return tf.reshape(flat, [-1]) as tf.Tensor1D;
      const oneHot = tf.oneHot(tf.tensor1d(classes, 'int32'), flat.shape[1]);
      return tf.sum(tf.mul(flat, oneHot), 1) as tf.Tensor1D;
    });
}

/** The per-example class indices repeated for every point, or the target function itself. */
export function targetForPoints(
  target: ResolvedTarget,
  exampleIds: readonly number[],
): number[] | ((s: tf.Tensor) => tf.Tensor) {
  if (target.indices.some((i) => i === null)) return target.select;
  return exampleIds.map((e) => target.indices[e] as number);
}
