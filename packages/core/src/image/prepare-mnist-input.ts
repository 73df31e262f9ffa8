import * as tf from '@tensorflow/tfjs-core';
import { toGrayscale } from './grayscale.js';
import { singleImageDims } from './image-shape.js';
import { type CenterDigitOptions, centerDigit } from './mnist-centering.js';

/**
 * Turns a picture of one handwritten digit (any size; [H, W], [H, W, C] or [1, H, W, C], C = 1,
 * 3 or 4, values in [0, 1]) into an MNIST-style model input [fieldSize, fieldSize, 1] (default
 * [28, 28, 1]): gray, light ink on black, scaled into a 20×20 box and centred by centre of mass
 * (see {@link centerDigit}). Use it on a drawing pad's canvas or an uploaded photo of a digit.
 */
export async function prepareMnistInput(
  image: tf.Tensor,
  options: CenterDigitOptions = {},
): Promise<tf.Tensor3D> {
  const { height, width, channels } = singleImageDims(image, 'prepareMnistInput');
  const gray = tf.tidy(() => {
    const hwc = tf.reshape(image, [height, width, channels]);
    return toGrayscale(hwc);
  });
  const values = (await gray.data()) as Float32Array;
  gray.dispose();
  const field = centerDigit(values, width, height, options);
  const side = options.fieldSize ?? 28;
  return tf.tensor3d(field, [side, side, 1]);
}
