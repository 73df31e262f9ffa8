import type { GraphNode } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Carries a per-element quantity (relevance, or a DeepLIFT multiplier) from a `move` node's output back to
 * its inputs: each output element copies one input element (or is padding), so the quantity flows along
 * the op's vector–Jacobian product — copies sum back, padding's share is dropped. Returns null for other ops.
 */
export function moveBack(
  node: GraphNode,
  inputs: readonly tf.Tensor[],
  value: tf.Tensor,
): tf.Tensor[] | null {
  const op = node.op;
  if (op.kind !== 'move') return null;
  // An identity move records no op, so there is nothing to differentiate.
  if (inputs.length === 1 && op.apply(inputs) === inputs[0]) return [value];
  // Integer inputs (gather indices) only address elements: nothing flows back to them.
  const floats = inputs.flatMap((t, k) => (t.dtype === 'float32' ? [k] : []));
  const grads = tf.grads((...xs: tf.Tensor[]) => op.apply(inputs.map((t, k) => xs[floats.indexOf(k)] ?? t)))(
    floats.map((k) => inputs[k]),
    value,
  );
  return inputs.map((t, k) => (floats.includes(k) ? grads[floats.indexOf(k)] : tf.zerosLike(t)));
}

/**
 * Adds `value` to what node `id` has received so far; a node that feeds several others sums what comes
 * back from each of them.
 */
export function accumulate(map: Map<number, tf.Tensor>, id: number, value: tf.Tensor): void {
  const known = map.get(id);
  map.set(id, known ? tf.add(known, value) : value);
}
