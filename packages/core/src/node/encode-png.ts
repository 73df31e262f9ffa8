import type * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { tensorToImageData } from '../image/image-data.js';
import { singleImageDims } from '../image/image-shape.js';
import type { ImageDataLike } from '../image/types.js';

/** pngjs colour types: 0 gray, 2 RGB, 6 RGBA. */
const COLOR_TYPE: Record<number, 0 | 2 | 6> = { 1: 0, 3: 2, 4: 6 };

function isOpaque(data: ImageDataLike['data']): boolean {
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false;
  return true;
}

/**
 * Encodes RGBA bytes (an `ImageData`-like, e.g. a rendered attribution) as 8-bit PNG bytes. `colorType`
 * picks the stored channels: `'auto'` (default) writes RGB when every pixel is opaque, else RGBA.
 */
export function encodeRgbaPng(
  image: ImageDataLike,
  options: { colorType?: 'auto' | 'gray' | 'rgb' | 'rgba' } = {},
): Uint8Array {
  const choice = options.colorType ?? 'auto';
  const colorType =
    choice === 'gray' ? 0 : choice === 'rgb' ? 2 : choice === 'rgba' ? 6 : isOpaque(image.data) ? 2 : 6;
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const bytes = PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Encodes an image tensor ([H, W], [H, W, C] or [1, H, W, C], C = 1, 3 or 4, values in [0, 1],
 * clipped) as 8-bit PNG bytes: gray for C = 1, RGB for 3, RGBA for 4. NaN or ±Infinity is an
 * InputValueError. Write the result with `fs.writeFile`.
 */
export async function encodePng(image: tf.Tensor): Promise<Uint8Array> {
  const { channels } = singleImageDims(image, 'encodePng');
  const kind = COLOR_TYPE[channels] === 0 ? 'gray' : COLOR_TYPE[channels] === 2 ? 'rgb' : 'rgba';
  return encodeRgbaPng(await tensorToImageData(image), { colorType: kind });
}
