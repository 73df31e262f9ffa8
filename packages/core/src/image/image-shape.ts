import type * as tf from '@tensorflow/tfjs-core';
import { InputShapeError } from '../errors.js';

/** Height, width and channels of an image tensor given as [H, W], [H, W, C] or [1, H, W, C]. */
export interface ImageDims {
  height: number;
  width: number;
  channels: number;
}

/**
 * Reads the dimensions of a single image tensor, accepting [H, W] (gray), [H, W, C] and a batch
 * of one [1, H, W, C], with C in {1, 3, 4}; anything else is an InputShapeError.
 */
export function singleImageDims(t: tf.Tensor, what: string): ImageDims {
  const shape = t.shape;
  let dims: ImageDims | undefined;
  if (shape.length === 2) dims = { height: shape[0], width: shape[1], channels: 1 };
  if (shape.length === 3) dims = { height: shape[0], width: shape[1], channels: shape[2] };
  if (shape.length === 4 && shape[0] === 1) dims = { height: shape[1], width: shape[2], channels: shape[3] };
  if (dims === undefined || ![1, 3, 4].includes(dims.channels)) {
    throw new InputShapeError(
      `${what} needs one image shaped [H, W], [H, W, C] or [1, H, W, C] with C = 1, 3 or 4; ` +
        `got shape [${shape.join(', ')}]. Slice a batch with tensor.slice or unstack it first.`,
    );
  }
  return dims;
}
