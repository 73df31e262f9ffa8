import { type ImageDataLike, tensorToImageData } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs';

/** An image a component can show: RGBA bytes (`ImageData` or alike) or an image tensor in [0, 1] ([H, W], [H, W, C], [1, H, W, C]). */
export type ImageSource = ImageDataLike | tf.Tensor;

/** True when `value` is a tfjs tensor (checked structurally, so no tfjs import is needed at runtime). */
export function isTensor(value: unknown): value is tf.Tensor {
  return (
    typeof value === 'object' && value !== null && 'rank' in value && 'dataSync' in value && 'shape' in value
  );
}

/** RGBA bytes of an image source. Tensors are read back with core's `tensorToImageData`. */
export async function toRgba(source: ImageSource): Promise<ImageDataLike> {
  return isTensor(source) ? tensorToImageData(source) : source;
}

/** Draws RGBA bytes on a canvas, resizing it to the image. */
export function paintRgba(canvas: HTMLCanvasElement, image: ImageDataLike): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  if (context === null) return;
  context.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
}

/** Nearest-neighbour resampling of RGBA bytes, used to bring an image to the attribution's size when the caller did not. */
export function resampleRgba(image: ImageDataLike, width: number, height: number): Uint8ClampedArray {
  if (image.width === width && image.height === height) return new Uint8ClampedArray(image.data);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(((y + 0.5) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(((x + 0.5) * image.width) / width));
      const from = 4 * (sy * image.width + sx);
      out.set(image.data.subarray(from, from + 4), 4 * (y * width + x));
    }
  }
  return out;
}
