import type { ResolvedTarget } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * The differentiable score selector for a batch of points built from examples `exampleIds` (one id per
 * row): row r is scored for its example's target (class, function or region; core's `selectFor`).
 */
export function selectorFor(
  target: ResolvedTarget,
  exampleIds: readonly number[],
): (scores: tf.Tensor) => tf.Tensor1D {
  return target.selectFor(exampleIds);
}

/**
 * The target of a batch of points as a nested method takes it: the per-example class indices repeated for
 * every point, or (functions, regions) a function scoring each point for its example.
 */
export function targetForPoints(
  target: ResolvedTarget,
  exampleIds: readonly number[],
): number[] | ((s: tf.Tensor) => tf.Tensor) {
  if (target.kind !== 'class') return target.selectFor(exampleIds);
  return exampleIds.map((e) => target.indices[e] as number);
}
