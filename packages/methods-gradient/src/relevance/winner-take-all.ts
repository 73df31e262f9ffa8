import { applyOp, type NodeOp } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/** Ops that pass on one winning input per output: max pooling, max/min reductions. */
export type WinnerOp = Extract<NodeOp, { kind: 'pool' | 'global-pool' | 'reduce' }>;

/** True for max pooling and max/min reductions. */
export function isWinnerOp(op: NodeOp): op is WinnerOp {
  return (
    ((op.kind === 'pool' || op.kind === 'global-pool') && op.pool === 'max') ||
    (op.kind === 'reduce' && (op.reduce === 'max' || op.reduce === 'min'))
  );
}

/**
 * Routes a value per pooled output (window, channel, reduced slice) to the position that won it in `a`
 * (`[B, ...out]` → `[B, ...in]`): through the graph's own max routing, which picks the first maximum in
 * row-major order on every backend. Call inside `tf.tidy`.
 */
export function routeToWinners(op: WinnerOp, a: tf.Tensor, perOutput: tf.Tensor): tf.Tensor {
  return tf.grad((x: tf.Tensor) => applyOp(op, [x]))(a, perOutput);
}

/**
 * Elementwise maximum/minimum of two computed values: each output element's value goes to the input that
 * won it (the first on ties), summed back over broadcast dimensions. Call inside `tf.tidy`.
 */
export function routeElementwise(
  which: 'maximum' | 'minimum',
  a: tf.Tensor,
  b: tf.Tensor,
  value: tf.Tensor,
): tf.Tensor[] {
  const firstWins = tf.cast(which === 'maximum' ? tf.greaterEqual(a, b) : tf.lessEqual(a, b), 'float32');
  return [
    sumToShape(tf.mul(value, firstWins), a.shape),
    sumToShape(tf.mul(value, tf.sub(1, firstWins)), b.shape),
  ];
}

/** Sums a broadcast result back to an operand's shape (the un-broadcasting step of a gradient). */
export function sumToShape(t: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes([...shape], t.shape);
  const summed = axes.length > 0 ? tf.sum(t, axes, true) : t;
  return tf.reshape(summed, [...shape]);
}
