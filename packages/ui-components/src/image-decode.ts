import { type ImageDataLike, imageDataToTensor, prepareMnistInput, resizeImage } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';

/** How a picture becomes model input: MNIST digit normalisation, or a plain resize to RGB or gray. */
export type InputPreprocess = 'mnist' | 'rgb' | 'gray';

/** Largest side a decoded picture is drawn at before preprocessing; bigger photos are scaled down. */
const MAX_SIDE = 1024;

/**
 * Decodes an image file or blob (PNG, JPEG, WebP, GIF: whatever the browser decodes) into RGBA bytes,
 * scaled down to at most 1024 px on the longer side. The bytes are only decoded, never inserted as markup.
 */
export async function decodeImageBlob(blob: Blob): Promise<ImageData> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error(
      `The file${blob.type ? ` (${blob.type})` : ''} is not an image this browser can decode; use a PNG, JPEG or WebP.`,
    );
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const data = drawToImageData(bitmap, width, height);
  bitmap.close();
  return data;
}

/** Draws any canvas image source at a size and reads its pixels back. */
export function drawToImageData(source: CanvasImageSource, width: number, height: number): ImageData {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('This browser offers no 2-D canvas to decode images with.');
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}

/** The input a picture is brought to: pixels high and wide, and channels (alpha kept only with 4). */
export interface InputGeometry {
  height: number;
  width: number;
  channels: 1 | 3 | 4;
}

/**
 * Turns decoded pixels into a model input [height, width, C] in [0, 1]. `mnist`: core's
 * `prepareMnistInput` (gray, light ink on black, a box of 20/28 of the field centred by mass in a
 * height × height field; width and channels are ignored). Otherwise a bilinear resize to C channels,
 * transparent pixels composited over white.
 */
export async function pixelsToInput(
  image: ImageDataLike,
  mnist: boolean,
  geometry: InputGeometry,
): Promise<tf.Tensor3D> {
  const { height, width, channels } = geometry;
  if (mnist) {
    const rgb = imageDataToTensor(image, { channels: 3, background: 1 });
    try {
      return await prepareMnistInput(rgb, { fieldSize: height, boxSize: Math.round((height * 20) / 28) });
    } finally {
      rgb.dispose();
    }
  }
  const pixels = imageDataToTensor(image, { channels });
  try {
    return resizeImage(pixels, [height, width]);
  } finally {
    pixels.dispose();
  }
}

/**
 * Turns decoded pixels into a model-ready tensor [size, size, C] in [0, 1]: `mnist` (core's
 * `prepareMnistInput`: gray, light ink on black, 20×20 box centred by mass in 28×28), `rgb` (C = 3) or
 * `gray` (C = 1), resized bilinearly. See {@link pixelsToInput}.
 */
export function preprocessImage(
  image: ImageDataLike,
  preprocess: InputPreprocess,
  size: number,
): Promise<tf.Tensor3D> {
  return pixelsToInput(image, preprocess === 'mnist', {
    height: size,
    width: size,
    channels: preprocess === 'gray' ? 1 : 3,
  });
}
