import type * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../errors.js';
import { createCanvas } from './canvas.js';
import { tensorToImageData } from './image-data.js';
import type { ImageDataLike } from './types.js';

/**
 * A picture in any form Loupe reads: RGBA bytes (`ImageData`, a decoded PNG's `{ data, width, height }`),
 * an image tensor in [0, 1] ([H, W], [H, W, C] or [1, H, W, C]), or, in browsers, anything a 2-D canvas
 * can draw: `HTMLImageElement`, `ImageBitmap`, `HTMLCanvasElement`, `OffscreenCanvas`, `HTMLVideoElement`.
 */
export type ImageInput = ImageDataLike | tf.Tensor | CanvasImageSource;

/** True when `value` is a tfjs tensor (checked structurally, so no tfjs import is needed at runtime). */
export function isTensorLike(value: unknown): value is tf.Tensor {
  return (
    typeof value === 'object' && value !== null && 'rank' in value && 'dataSync' in value && 'shape' in value
  );
}

/** True for RGBA bytes with their size (`ImageData` or alike). */
export function isImageDataLike(value: unknown): value is ImageDataLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    'data' in value &&
    'width' in value &&
    'height' in value &&
    (value.data instanceof Uint8ClampedArray || value.data instanceof Uint8Array)
  );
}

/** The intrinsic size of a drawable: natural size for images, video size for videos, else width × height. */
function drawableSize(source: CanvasImageSource): { width: number; height: number } {
  const s = source as Partial<HTMLImageElement & HTMLVideoElement> & { width?: unknown; height?: unknown };
  const width = Number(s.naturalWidth || s.videoWidth || s.width || 0);
  const height = Number(s.naturalHeight || s.videoHeight || s.height || 0);
  return { width, height };
}

/**
 * Reads any {@link ImageInput} as RGBA bytes. Tensors go through {@link tensorToImageData}; RGBA bytes are
 * returned as they are; browser drawables are drawn at their intrinsic size and read back (an image still
 * loading is awaited with `decode()`). A drawable outside a browser, or one with no size (an image that
 * failed to load), is an OptionError that says what to pass instead.
 */
export async function toImageData(source: ImageInput): Promise<ImageDataLike> {
  if (isTensorLike(source)) return tensorToImageData(source);
  if (isImageDataLike(source)) return source;
  const image = source as Partial<HTMLImageElement>;
  if (typeof image.decode === 'function' && image.complete === false) await image.decode();
  const { width, height } = drawableSize(source);
  if (!(width > 0 && height > 0)) {
    throw new OptionError(
      'The image has no pixels yet (width or height 0): wait for it to load, or pass ImageData or a tensor.',
    );
  }
  const context = createCanvas(width, height, 'Reading an image element').getContext('2d') as
    | CanvasRenderingContext2D
    | OffscreenCanvasRenderingContext2D
    | null;
  if (context === null) throw new OptionError('This browser offers no 2-D canvas to read the image with.');
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}
