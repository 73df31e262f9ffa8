import type * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../errors.js';
import { tensorToImageData } from './image-data.js';
import type { ImageDataLike } from './types.js';

/** A 2-D canvas: an `HTMLCanvasElement` or an `OffscreenCanvas`. */
export type CanvasLike = HTMLCanvasElement | OffscreenCanvas;

/**
 * A new canvas of the given size: an `OffscreenCanvas` where one exists, else an `HTMLCanvasElement`;
 * outside a browser an OptionError that names `what` needed it and what to use instead.
 */
export function createCanvas(width: number, height: number, what: string): CanvasLike {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  if (typeof document !== 'undefined') {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    return canvas;
  }
  throw new OptionError(
    `${what} needs a canvas outside a browser; pass one, or use tensorToImageData, renderAttribution or ` +
      "encodePng/renderAttributionPng from '@loupe/core/node'.",
  );
}

/** Draws RGBA bytes on a canvas, resizing the canvas to them. */
export function paintImageData(canvas: CanvasLike, pixels: ImageDataLike): void {
  canvas.width = pixels.width;
  canvas.height = pixels.height;
  const context = canvas.getContext('2d') as
    | CanvasRenderingContext2D
    | OffscreenCanvasRenderingContext2D
    | null;
  if (context === null)
    throw new OptionError('The canvas has no 2-D context (is it already used for WebGL?).');
  // A real ImageData (what tensorToImageData returns in browsers) is drawn as is; only copy otherwise.
  const data =
    pixels instanceof ImageData
      ? pixels
      : new ImageData(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height);
  context.putImageData(data, 0, 0);
}

/**
 * Draws an image tensor (see {@link tensorToImageData} for the shapes and range) on a canvas,
 * resizing the canvas to the image. Without a canvas, creates an `OffscreenCanvas` where one
 * exists, else an `HTMLCanvasElement`; outside a browser pass one in, or an OptionError says so.
 */
export async function tensorToCanvas<C extends CanvasLike = CanvasLike>(
  image: tf.Tensor,
  canvas?: C,
): Promise<C> {
  const pixels = await tensorToImageData(image);
  const target = canvas ?? createCanvas(pixels.width, pixels.height, 'tensorToCanvas');
  paintImageData(target, pixels);
  return target as C;
}
