import * as tf from '@tensorflow/tfjs-core';
import { InputShapeError, OptionError } from '../errors.js';

/** Options of {@link resizeImage}. */
export interface ResizeOptions {
  /** 'bilinear' (default) or 'nearest'. Both use half-pixel centres, as PIL and OpenCV do. */
  method?: 'bilinear' | 'nearest';
}

/**
 * Resizes an image tensor to `[height, width]` pixels. Accepts [H, W], [H, W, C] and
 * [N, H, W, C]; the result has the input's rank and dtype float32. Pixel values keep their units.
 */
export function resizeImage<T extends tf.Tensor>(
  image: T,
  size: readonly [number, number],
  options: ResizeOptions = {},
): T {
  const method = options.method ?? 'bilinear';
  if (method !== 'bilinear' && method !== 'nearest') {
    throw new OptionError(`method must be 'bilinear' or 'nearest'; got '${String(method)}'.`);
  }
  const [height, width] = size;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new OptionError(`size must be two positive integers [height, width]; got [${size.join(', ')}].`);
  }
  const rank = image.rank;
  if (rank < 2 || rank > 4) {
    throw new InputShapeError(
      `resizeImage needs an image [H, W], [H, W, C] or a batch [N, H, W, C]; got shape [${image.shape.join(', ')}].`,
    );
  }
  return tf.tidy(() => {
    let x: tf.Tensor = tf.cast(image, 'float32');
    if (rank === 2) x = tf.expandDims(x, -1);
    const resized =
      method === 'bilinear'
        ? tf.image.resizeBilinear(x as tf.Tensor3D | tf.Tensor4D, [height, width], false, true)
        : tf.image.resizeNearestNeighbor(x as tf.Tensor3D | tf.Tensor4D, [height, width], false, true);
    return (rank === 2 ? tf.squeeze(resized, [-1]) : resized) as T;
  });
}
