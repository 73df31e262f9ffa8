import type * as tf from '@tensorflow/tfjs-core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { InputValueError } from '../errors.js';
import { type ImageDataToTensorOptions, imageDataToTensor } from '../image/image-data.js';
import type { ImageDataLike } from '../image/types.js';

/** Image file formats {@link decodeImage} reads. */
export type ImageFormat = 'png' | 'jpeg';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/** Detects PNG or JPEG by the file's first bytes (extensions lie); undefined for anything else. */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  const startsWith = (signature: number[]) => signature.every((b, i) => bytes[i] === b);
  if (startsWith(PNG_SIGNATURE)) return 'png';
  if (startsWith(JPEG_SIGNATURE)) return 'jpeg';
  return undefined;
}

/** Options of {@link decodeImage}: the channels of the result and the background alpha falls on. */
export type DecodeImageOptions = ImageDataToTensorOptions;

function decodeRgba(bytes: Uint8Array, format: ImageFormat): ImageDataLike {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png') {
    // pngjs expands palette, gray and 16-bit PNGs to 8-bit RGBA.
    const png = PNG.sync.read(buffer);
    return { data: png.data, width: png.width, height: png.height };
  }
  return jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
}

/**
 * Decodes PNG or JPEG bytes (format detected from the magic bytes) into a float32 tensor
 * [H, W, C] in [0, 1]; `channels` 1 (BT.601 gray), 3 (RGB, the default) or 4 (RGBA). Decoding
 * is pure JavaScript (pngjs, jpeg-js), so it needs no native module. Bytes that are not a PNG
 * or JPEG, or a corrupt file, give an InputValueError that says so.
 *
 * @param source a name for messages, e.g. the file path.
 */
export function decodeImage(
  bytes: Uint8Array,
  options: DecodeImageOptions = {},
  source = 'image',
): tf.Tensor3D {
  const format = detectImageFormat(bytes);
  if (format === undefined) {
    const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new InputValueError(
      `Cannot decode ${source}: it is neither PNG nor JPEG (first bytes: ${head || 'none'}). ` +
        'Convert it to PNG or JPEG.',
    );
  }
  let rgba: ImageDataLike;
  try {
    rgba = decodeRgba(bytes, format);
  } catch (error) {
    throw new InputValueError(
      `Cannot decode ${source} as ${format.toUpperCase()}: ${(error as Error).message}. ` +
        'The file is truncated or corrupt; re-export it.',
    );
  }
  return imageDataToTensor(rgba, options);
}
