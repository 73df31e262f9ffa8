import { type ExplainableModel, OptionError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { requireImages } from './require-images.js';

/**
 * Applies `fn` to each input of a batched input `[N, ...]` in its own shape and packs the results like the
 * input (for a model with several inputs; a single-input model's `x` goes to `fn` as is). `fn` returns one
 * tensor of its input's shape, which this frees after packing. Call inside `tf.tidy` or dispose the result.
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

/** What to call input `k` in a message: `input "name"` for several inputs, `the input` for one. */
export function inputLabel(model: ExplainableModel, k: number): string {
  return model.inputs.length > 1 ? `input "${model.inputs[k].name}"` : 'the input';
}

/**
 * Throws `OptionError` unless every input is a batch of images `[N, H, W, C]` (for a model with several
 * inputs, naming the first that is not); `what` names the step that needs images.
 */
export function requireImageInputs(model: ExplainableModel, x: tf.Tensor, what: string): void {
  if (model.inputs.length < 2) {
    requireImages(x, what);
    return;
  }
  const bad = model.inputs.find((s) => s.shape?.length !== 4);
  if (bad) {
    throw new OptionError(
      `${what} needs image inputs [N, H, W, C]; input "${bad.name}" is [${(bad.shape ?? []).map((d) => d ?? 'N').join(', ')}]. Use integrated gradients (or a baseline that fits every input) for a model with non-image inputs.`,
    );
  }
}
