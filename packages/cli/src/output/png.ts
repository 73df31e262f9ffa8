import { encodePng } from '@loupe/core/node';
import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from './rgb-image.js';

/** Encodes RGB bytes as a PNG (through core's encodePng, which takes a tensor in [0, 1]). */
export async function rgbToPng(image: RgbImage): Promise<Uint8Array> {
  const floats = new Float32Array(image.data.length);
  for (let i = 0; i < floats.length; i++) floats[i] = image.data[i] / 255;
  const tensor = tf.tensor3d(floats, [image.height, image.width, 3]);
  try {
    return await encodePng(tensor);
  } finally {
    tensor.dispose();
  }
}

/** Gray or colour pixels `[H, W, C]` in [0, 1] as RGB bytes, upscaled by an integer factor. */
export function pixelsToRgb(
  pixels: Float32Array,
  height: number,
  width: number,
  channels: number,
  scale = 1,
): RgbImage {
  const out = new Uint8Array(height * scale * width * scale * 3);
  for (let y = 0; y < height * scale; y++) {
    for (let x = 0; x < width * scale; x++) {
      const p = Math.floor(y / scale) * width + Math.floor(x / scale);
      for (let c = 0; c < 3; c++) {
        const v = pixels[p * channels + Math.min(c, channels - 1)];
        out[(y * width * scale + x) * 3 + c] = Math.round(Math.max(0, Math.min(1, v)) * 255);
      }
    }
  }
  return { width: width * scale, height: height * scale, data: out };
}
