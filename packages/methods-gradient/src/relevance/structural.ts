import type { GraphNode } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';

/**
 * Carries a per-element quantity (relevance, or a DeepLIFT multiplier) from a node's output back to its
 * inputs for ops that only move elements: identity, reshape/flatten, zero padding (the padding's share
 * is dropped) and concatenation (split along the axis). Returns null for other ops.
 */
export function moveBack(
  node: GraphNode,
  inputs: readonly tf.Tensor[],
  value: tf.Tensor,
): tf.Tensor[] | null {
  const op = node.op;
  switch (op.kind) {
    case 'identity':
      return [value];
    case 'reshape':
      return [tf.reshape(value, inputs[0].shape)];
    case 'pad': {
      const begin = [0, op.paddings[0][0], op.paddings[1][0], 0];
      return [tf.slice(value, begin, inputs[0].shape)];
    }
    case 'concat': {
      const axis = op.axis < 0 ? value.rank + op.axis : op.axis;
      return tf.split(
        value,
        inputs.map((x) => x.shape[axis]),
        axis,
      );
    }
    default:
      return null;
  }
}

/**
 * Adds `value` to what node `id` has received so far; a node that feeds several others sums what comes
 * back from each of them.
 */
export function accumulate(map: Map<number, tf.Tensor>, id: number, value: tf.Tensor): void {
  const known = map.get(id);
  map.set(id, known ? tf.add(known, value) : value);
}
