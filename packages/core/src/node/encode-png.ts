import type * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { tensorToImageData } from '../image/image-data.js';
import { singleImageDims } from '../image/image-shape.js';

/** pngjs colour types: 0 gray, 2 RGB, 6 RGBA. */
const COLOR_TYPE: Record<number, 0 | 2 | 6> = { 1: 0, 3: 2, 4: 6 };

/**
 * Encodes an image tensor ([H, W], [H, W, C] or [1, H, W, C], C = 1, 3 or 4, values in [0, 1],
 * clipped) as 8-bit PNG bytes: gray for C = 1, RGB for 3, RGBA for 4. NaN or ±Infinity is an
 * InputValueError. Write the result with `fs.writeFile`.
 */
export async function encodePng(image: tf.Tensor): Promise<Uint8Array> {
  const { channels } = singleImageDims(image, 'encodePng');
  const rgba = await tensorToImageData(image);
  const png = new PNG({ width: rgba.width, height: rgba.height });
  png.data = Buffer.from(rgba.data.buffer, rgba.data.byteOffset, rgba.data.byteLength);
  const bytes = PNG.sync.write(png, {
    colorType: COLOR_TYPE[channels],
    inputColorType: 6,
    inputHasAlpha: true,
  });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
