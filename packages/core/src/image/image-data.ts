import * as tf from '@tensorflow/tfjs-core';
import { InputShapeError, InputValueError, OptionError } from '../errors.js';
import { LUMA_WEIGHTS } from './grayscale.js';
import { singleImageDims } from './image-shape.js';
import type { ImageChannels, ImageDataLike } from './types.js';

/** Options of {@link imageDataToTensor}. */
export interface ImageDataToTensorOptions {
  /** 1 (gray, ITU-R BT.601 luma), 3 (RGB) or 4 (RGBA, alpha kept as is). Default 3. */
  channels?: ImageChannels;
  /**
   * Gray level in [0, 1] that transparent pixels are composited over when `channels` is 1 or 3.
   * Default 1 (white), what a viewer sees on a white page.
   */
  background?: number;
}

/**
 * Converts RGBA bytes (an `ImageData` or any `{ data, width, height }`) to a float32 tensor
 * [H, W, C] in [0, 1]. With 1 or 3 channels, alpha is composited over `background`.
 */
export function imageDataToTensor(image: ImageDataLike, options: ImageDataToTensorOptions = {}): tf.Tensor3D {
  const channels = options.channels ?? 3;
  const background = options.background ?? 1;
  if (![1, 3, 4].includes(channels)) {
    throw new OptionError(`channels must be 1, 3 or 4; got ${String(channels)}.`);
  }
  if (!(background >= 0 && background <= 1)) {
    throw new OptionError(`background must be a gray level in [0, 1]; got ${background}.`);
  }
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new InputShapeError(`Image width and height must be positive integers; got ${width}×${height}.`);
  }
  if (data.length !== width * height * 4) {
    throw new InputShapeError(
      `Image data holds ${data.length} bytes but ${width}×${height} RGBA needs ${width * height * 4}. ` +
        'Pass ImageData (4 bytes per pixel), not RGB or gray bytes.',
    );
  }
  const out = new Float32Array(width * height * channels);
  const [wr, wg, wb] = LUMA_WEIGHTS;
  // Writes element by element: this loop runs once per pixel, so per-pixel arrays or closures would cost.
  for (let p = 0; p < width * height; p++) {
    const i = 4 * p;
    const r = data[i] / 255;
    const g = data[i + 1] / 255;
    const b = data[i + 2] / 255;
    const a = data[i + 3] / 255;
    if (channels === 4) {
      out[i] = r;
      out[i + 1] = g;
      out[i + 2] = b;
      out[i + 3] = a;
      continue;
    }
    const under = background * (1 - a);
    if (channels === 3) {
      const o = 3 * p;
      out[o] = r * a + under;
      out[o + 1] = g * a + under;
      out[o + 2] = b * a + under;
    } else out[p] = (wr * r + wg * g + wb * b) * a + under;
  }
  return tf.tensor3d(out, [height, width, channels]);
}

/**
 * Converts an image tensor ([H, W], [H, W, C] or [1, H, W, C], C = 1, 3 or 4, values in [0, 1],
 * clipped) to RGBA bytes. Gray is repeated into R, G and B; alpha is 255 unless C = 4. Returns a
 * real `ImageData` where the global constructor exists (browsers), else a plain object of the
 * same shape (Node). NaN or ±Infinity is an InputValueError.
 */
export async function tensorToImageData(image: tf.Tensor): Promise<ImageDataLike> {
  const { height, width, channels } = singleImageDims(image, 'tensorToImageData');
  const values = await image.data();
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 4; c++) {
      let v = 1;
      if (c < 3) v = values[p * channels + (channels === 1 ? 0 : c)];
      else if (channels === 4) v = values[p * channels + 3];
      if (!Number.isFinite(v)) {
        throw new InputValueError(
          `tensorToImageData found ${v} at pixel ${p}; an image must hold finite values in [0, 1].`,
        );
      }
      rgba[4 * p + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  if (typeof ImageData === 'function') return new ImageData(rgba, width, height);
  return { data: rgba, width, height };
}
