import * as tf from '@tensorflow/tfjs-core';
import { InputShapeError } from '../errors.js';
import type { ExplainableModel } from '../model/types.js';
import { imageDataToTensor } from './image-data.js';
import { type ImageInput, toImageData } from './image-source.js';
import { resizeImage } from './resize.js';
import type { ImageChannels } from './types.js';

/** Options of {@link imageToModelInput}. */
export interface ImageToModelInputOptions {
  /** Gray level in [0, 1] that transparent pixels are composited over. Default 1 (white). */
  background?: number;
  /** Resampling when the image's size differs from the model's: 'bilinear' (default) or 'nearest'. */
  method?: 'bilinear' | 'nearest';
}

/**
 * Turns any picture into a batch of one for `model`: an `HTMLImageElement`, `ImageBitmap`, canvas,
 * `ImageData`, decoded `{ data, width, height }` or an image tensor in [0, 1]. Size and channels are read
 * from the model's input shape `[N, H, W, C]` (C = 1 becomes BT.601 gray, 3 RGB, 4 RGBA); the result is
 * float32 `[1, H, W, C]` in [0, 1] — the model's own `preprocess` (e.g. `'imagenet'`) applies after.
 * A model whose input is not an image (rank ≠ 4, or unknown height/width) is an `InputShapeError`.
 */
export async function imageToModelInput(
  model: ExplainableModel,
  image: ImageInput,
  options: ImageToModelInputOptions = {},
): Promise<tf.Tensor4D> {
  const shape = model.inputShape;
  const [height, width, channels] = (shape ?? []).slice(1);
  if (shape?.length !== 4 || !height || !width || ![1, 3, 4].includes(channels ?? 0)) {
    throw new InputShapeError(
      `imageToModelInput needs a model whose input is an image [N, H, W, 1|3|4] with known H and W; this model's is ${JSON.stringify(shape)}. Build the input tensor yourself.`,
    );
  }
  const pixels = await toImageData(image);
  return tf.tidy(() => {
    const decoded = imageDataToTensor(pixels, {
      channels: channels as ImageChannels,
      background: options.background,
    });
    const sized =
      pixels.height === height && pixels.width === width
        ? decoded
        : resizeImage(decoded, [height, width], { method: options.method ?? 'bilinear' });
    return tf.expandDims(sized, 0) as tf.Tensor4D;
  });
}
