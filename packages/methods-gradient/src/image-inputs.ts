import { type ExplainableModel, OptionError } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import { requireImages } from './require-images.js';

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
