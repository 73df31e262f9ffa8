import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs-core';
import { InputValueError } from '../errors.js';
import { type DecodeImageOptions, decodeImage } from './decode-image.js';

/**
 * Reads a PNG or JPEG file into a float32 tensor [H, W, C] in [0, 1] (see {@link decodeImage}).
 * A missing or unreadable file is an InputValueError naming the path.
 */
export async function readImageFile(
  path: string | URL,
  options: DecodeImageOptions = {},
): Promise<tf.Tensor3D> {
  const file = path instanceof URL ? fileURLToPath(path) : path;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : String(error);
    throw new InputValueError(`Cannot read image ${file}: it ${why}. Pass the path of a PNG or JPEG file.`);
  }
  return decodeImage(bytes, options, file);
}
