import { OptionError } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';

/** Throws `OptionError` unless `x` is a batch of images `[N, H, W, C]`; `what` names the step that needs images. */
export function requireImages(x: tf.Tensor, what: string): void {
  if (x.rank !== 4) {
    throw new OptionError(
      `${what} needs image inputs [N, H, W, C] (or [H, W, C]); the input has shape [${x.shape.join(', ')}]. Use another baseline for non-image inputs.`,
    );
  }
}
