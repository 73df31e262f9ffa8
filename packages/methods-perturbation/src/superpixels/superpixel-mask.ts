import { InputShapeError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { gridSegments } from './grid.js';
import { type SlicOptions, slic } from './slic.js';

/** How images are cut into features: SLIC superpixels, or a regular grid. */
export type Segmentation = 'slic' | 'grid';

/** Options of {@link superpixelMask}. */
export interface SuperpixelOptions extends SlicOptions {
  /** Default `'slic'`. */
  segmentation?: Segmentation;
}

/** Labels of one HWC image given as a flat array. */
export function segmentImage(
  pixels: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  options: SuperpixelOptions = {},
): Int32Array {
  if (options.segmentation === 'grid') return gridSegments(height, width, options.segments ?? 50);
  return slic(pixels, height, width, channels, options);
}

/**
 * Superpixel feature masks for images `[H, W, C]` or `[N, H, W, C]`: an int32 tensor of the same rank with
 * one channel (`[H, W, 1]` / `[N, H, W, 1]`), labels 0..K−1 per image. This is the default feature mask of
 * `featureAblation`, `lime` and `kernelShap` on images; pass it (or your own) as `featureMask`. Reads the
 * images asynchronously (so it works on WebGPU).
 */
export async function superpixelMask(images: tf.Tensor, options: SuperpixelOptions = {}): Promise<tf.Tensor> {
  if (images.rank !== 3 && images.rank !== 4) {
    throw new InputShapeError(
      `superpixelMask takes images [H, W, C] or [N, H, W, C]; got shape [${images.shape.join(', ')}].`,
    );
  }
  const [n, h, w, c] = images.rank === 4 ? images.shape : [1, ...images.shape];
  const data = await images.data();
  const out = new Int32Array(n * h * w);
  for (let i = 0; i < n; i++) {
    out.set(segmentImage(data.subarray(i * h * w * c, (i + 1) * h * w * c), h, w, c, options), i * h * w);
  }
  return tf.tensor(out, images.rank === 4 ? [n, h, w, 1] : [h, w, 1], 'int32');
}
