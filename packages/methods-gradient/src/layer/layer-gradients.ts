import type { ExplainableModel } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A layer's value on rows `xs` and the gradient of the target score with respect to it (the rest of the
 * model run from the layer on, other paths still fed by `xs`). `at` replaces the layer's value (layer
 * integrated gradients walks a path in the layer's space). Call inside `tf.tidy`.
 */
export function gradientAtLayer(
  model: ExplainableModel,
  layer: string,
  xs: tf.Tensor,
  select: (scores: tf.Tensor) => tf.Tensor1D,
  at?: tf.Tensor,
): { activation: tf.Tensor; gradient: tf.Tensor } {
  const activation = at ?? model.activationBatched(xs, layer);
  const gradient = tf.grad((v: tf.Tensor) => select(model.forwardFromLayerBatched(xs, layer, v)))(
    activation,
    tf.ones([xs.shape[0]]),
  );
  return { activation, gradient };
}

/**
 * Points on straight paths: row r is `starts[rows[r]] + alphas[r]·diffs[rows[r]]`. `starts` and `diffs` are
 * `[M, ...]`. Call inside `tf.tidy`.
 */
export function pathPoints(
  starts: tf.Tensor,
  diffs: tf.Tensor,
  rows: readonly number[],
  alphas: readonly number[],
): tf.Tensor {
  const r = tf.tensor1d([...rows], 'int32');
  const alpha = tf.tensor([...alphas], [rows.length, ...new Array<number>(starts.rank - 1).fill(1)]);
  return tf.add(tf.gather(starts, r), tf.mul(alpha, tf.gather(diffs, r)));
}

/** Per-row factors `[B]` shaped to broadcast against `[B, ...]` of rank `rank`. Call inside `tf.tidy`. */
export function perRow(values: readonly number[], rank: number): tf.Tensor {
  return tf.tensor([...values], [values.length, ...new Array<number>(rank - 1).fill(1)]);
}
