import { type ImageDataLike, type ImageInput, isTensorLike, paintImageData, toImageData } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * An image a component can show: RGBA bytes (`ImageData` or alike), an image tensor in [0, 1] ([H, W],
 * [H, W, C], [1, H, W, C]), or anything a canvas draws (`HTMLImageElement`, `ImageBitmap`, a canvas).
 * Core's `ImageInput`.
 */
export type ImageSource = ImageInput;

/** True when `value` is a tfjs tensor (checked structurally, so no tfjs import is needed at runtime). */
export function isTensor(value: unknown): value is tf.Tensor {
  return isTensorLike(value);
}

/** RGBA bytes of an image source (core's `toImageData`). */
export function toRgba(source: ImageSource): Promise<ImageDataLike> {
  return toImageData(source);
}

/** Draws RGBA bytes on a canvas, resizing it to the image (core's `paintImageData`). */
export function paintRgba(canvas: HTMLCanvasElement, image: ImageDataLike): void {
  paintImageData(canvas, image);
}
