import {
  type Attribution,
  type ExplainableModel,
  type ModelInput,
  type ModelLike,
  withPackedInput,
  wrapModel,
} from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * Runs a perturbation method's body on what methods work on (core's `withPackedInput`): for a model with
 * several inputs the packed input, with the options in `perInput` (feature masks, fill tensors) given per
 * input and packed alike, and the attribution split per input. Wraps the model when needed (freed after).
 */
export async function onPackedInput<O extends object>(
  modelLike: ModelLike | ExplainableModel,
  x: ModelInput,
  options: O,
  perInput: readonly string[],
  body: (model: ExplainableModel, packed: tf.Tensor, options: O) => Promise<Attribution>,
): Promise<Attribution> {
  const model = wrapModel(modelLike);
  try {
    return await withPackedInput(model, x, options, perInput, (packed, o) => body(model, packed, o));
  } finally {
    if (model !== modelLike) model.dispose();
  }
}
