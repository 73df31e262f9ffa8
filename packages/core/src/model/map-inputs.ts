import * as tf from '@tensorflow/tfjs-core';
import type { ExplainableModel } from './types.js';

/**
 * Applies `fn` to each input of a batched input `[N, ...]` in its own shape and packs the results like the
 * input (for a model with several inputs; a single-input model's `x` goes to `fn` as is). `fn` returns one
 * tensor of its input's shape (a baseline, a blur, a mask). Tensors made on the way are freed; the caller
 * owns the result.
 */
export function mapInputs(
  model: ExplainableModel,
  x: tf.Tensor,
  fn: (part: tf.Tensor, index: number) => tf.Tensor,
): tf.Tensor {
  if (model.inputs.length < 2) return fn(x, 0);
  return tf.tidy(() => {
    const parts = model.unpackInputs(x);
    return tf.concat(
      parts.map((p, k) => tf.reshape(fn(p, k), [x.shape[0], -1])),
      1,
    );
  });
}

/** How a message names input `k`: `input "name"` for a model with several inputs, `the input` otherwise. */
export function inputLabel(model: ExplainableModel, k: number): string {
  return model.inputs.length > 1 ? `input "${model.inputs[k].name}"` : 'the input';
}
