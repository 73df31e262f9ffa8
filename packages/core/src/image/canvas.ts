import type * as tf from '@tensorflow/tfjs';
import { OptionError } from '../errors.js';
import { tensorToImageData } from './image-data.js';

/** A 2-D canvas: an `HTMLCanvasElement` or an `OffscreenCanvas`. */
export type CanvasLike = HTMLCanvasElement | OffscreenCanvas;

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
  let target: CanvasLike | undefined = canvas;
  if (target === undefined) {
    if (typeof OffscreenCanvas === 'function') target = new OffscreenCanvas(pixels.width, pixels.height);
    else if (typeof document !== 'undefined') target = document.createElement('canvas');
    else {
      throw new OptionError(
        'tensorToCanvas needs a canvas outside a browser; pass one, or use tensorToImageData or ' +
          "encodePng from '@loupe/core/node'.",
      );
    }
  }
  target.width = pixels.width;
  target.height = pixels.height;
  const context = target.getContext('2d') as
    | CanvasRenderingContext2D
    | OffscreenCanvasRenderingContext2D
    | null;
  if (context === null)
    throw new OptionError('The canvas has no 2-D context (is it already used for WebGL?).');
  // tensorToImageData already returns a real ImageData wherever the constructor exists; only copy otherwise.
  const data =
    pixels instanceof ImageData
      ? pixels
      : new ImageData(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height);
  context.putImageData(data, 0, 0);
  return target as C;
}
