import { applyOp, type NodeOp } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';

type MaxOp = Extract<NodeOp, { kind: 'pool' | 'global-pool' }>;

/**
 * One-hot over the spatial positions of each channel marking its (first) maximum: `[B, ...spatial, C]`.
 * Explicit rather than the gradient of `tf.max`, which gives every tied position the full value.
 */
function globalWinners(a: tf.Tensor): tf.Tensor {
  const [b, c] = [a.shape[0], a.shape[a.rank - 1]];
  const positions = a.size / (b * c);
  const flat = tf.reshape(a, [b, positions, c]);
  const winners = tf.oneHot(tf.argMax(flat, 1), positions); // [B, C, S]
  return tf.reshape(tf.transpose(winners, [0, 2, 1]), a.shape);
}

/**
 * Routes a value per pooled output (window or channel) to the position that won it in `a` (max pooling:
 * `[B, ...out]` → `[B, ...in]`). Windows route through max pooling's own gradient, which picks one
 * position per window. Call inside `tf.tidy`.
 */
export function routeToWinners(op: MaxOp, a: tf.Tensor, perOutput: tf.Tensor): tf.Tensor {
  if (op.kind === 'pool') return tf.grad((x: tf.Tensor) => applyOp(op, [x]))(a, perOutput);
  const spatial = a.rank - 2;
  const expanded = tf.reshape(perOutput, [
    a.shape[0],
    ...new Array<number>(spatial).fill(1),
    a.shape[a.rank - 1],
  ]);
  return tf.mul(globalWinners(a), expanded);
}
