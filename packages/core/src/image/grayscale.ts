import * as tf from '@tensorflow/tfjs-core';
import { InputShapeError } from '../errors.js';

/** ITU-R BT.601 luma weights of R, G and B (the weights PIL and tf.image.rgbToGrayscale use). */
export const LUMA_WEIGHTS: readonly [number, number, number] = [0.299, 0.587, 0.114];

/**
 * Converts an image tensor [..., C] with C = 3 (RGB) or 4 (RGBA; alpha dropped) to gray
 * [..., 1] by BT.601 luma; C = 1 is returned as a copy. Works for [H, W, C] and [N, H, W, C].
 */
export function toGrayscale<T extends tf.Tensor>(image: T): T {
  const channels = image.shape[image.rank - 1];
  if (image.rank < 3 || ![1, 3, 4].includes(channels)) {
    throw new InputShapeError(
      `toGrayscale needs an image [H, W, C] or [N, H, W, C] with C = 1, 3 or 4; got shape [${image.shape.join(', ')}].`,
    );
  }
  return tf.tidy(() => {
    const x = tf.cast(image, 'float32');
    if (channels === 1) return tf.clone(x) as T;
    const rgb =
      channels === 4 ? tf.slice(x, new Array(image.rank).fill(0), [...image.shape.slice(0, -1), 3]) : x;
    return tf.sum(tf.mul(rgb, tf.tensor1d([...LUMA_WEIGHTS])), -1, true) as T;
  });
}
