import { type ExplainableModel, InputShapeError, OptionError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { createRandom } from './random.js';

/** What a removed feature is replaced by (Samek et al. 2017; Petsiuk et al. 2018). */
export type FillMode = 'zero' | 'mean' | 'blur' | 'uniform';

/** A fill mode or an explicit replacement tensor (the input's shape, with or without batch). */
export type Fill = FillMode | tf.Tensor;

/** Options shared by every fill. */
export interface FillOptions {
  /** Gaussian σ in pixels for `'blur'` (default 5, as in Petsiuk et al.'s insertion baseline). */
  blurSigma?: number;
  /** Seed of the `'uniform'` noise (default 0). */
  seed?: number;
}

/**
 * Gaussian blur of NHWC images, each channel separately. Near the border the kernel is renormalised over
 * the pixels inside the image (normalised convolution), so the blur has no dark rim at any image size.
 */
export function gaussianBlur(x: tf.Tensor4D, sigma: number): tf.Tensor4D {
  if (!(sigma > 0)) throw new OptionError(`blurSigma must be positive; got ${sigma}.`);
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const taps = Array.from({ length: 2 * radius + 1 }, (_, i) =>
    Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)),
  );
  const c = x.shape[3];
  return tf.tidy(() => {
    const k = tf.tensor1d(taps);
    const row = tf.tile(tf.reshape(k, [1, 2 * radius + 1, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    const col = tf.tile(tf.reshape(k, [2 * radius + 1, 1, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    const blur = (t: tf.Tensor4D) =>
      tf.depthwiseConv2d(tf.depthwiseConv2d(t, row, 1, 'same'), col, 1, 'same');
    return tf.div(blur(x), blur(tf.onesLike(x))) as tf.Tensor4D;
  });
}

/** The input's [min, max], read asynchronously (a WebGPU backend cannot read GPU tensors synchronously). */
async function dataRange(x: tf.Tensor): Promise<readonly [number, number]> {
  const both = tf.tidy(() => tf.stack([tf.min(x), tf.max(x)]));
  const [lo, hi] = await both.data().finally(() => both.dispose());
  return [lo, hi];
}

/**
 * The replacement values for every element of `xBatched` (same shape): zeros, the per-example
 * (per-channel for images) mean, a Gaussian blur, seeded uniform noise over the model's input range (or
 * the input's min–max), or a given tensor.
 */
export async function fillValues(
  model: ExplainableModel,
  xBatched: tf.Tensor,
  fill: Fill,
  options: FillOptions = {},
): Promise<tf.Tensor> {
  if (fill instanceof tf.Tensor) {
    const dims = xBatched.shape.slice(1);
    const matches = (s: readonly number[], t: readonly number[]) =>
      s.length === t.length && s.every((d, i) => d === t[i]);
    if (matches(fill.shape, xBatched.shape)) return fill.clone();
    if (matches(fill.shape, dims))
      return tf.tidy(() => tf.broadcastTo(tf.expandDims(fill, 0), xBatched.shape));
    throw new InputShapeError(
      `The fill tensor has shape [${fill.shape.join(', ')}]; it must match the input [${xBatched.shape.join(', ')}] or one example [${dims.join(', ')}].`,
    );
  }
  const isImage = xBatched.rank === 4;
  switch (fill) {
    case 'zero':
      return tf.zerosLike(xBatched);
    case 'mean':
      return tf.tidy(() => {
        const axes = isImage ? [1, 2] : xBatched.shape.slice(1).map((_, i) => i + 1);
        return tf.broadcastTo(tf.mean(xBatched, axes, true), xBatched.shape);
      });
    case 'blur':
      if (!isImage)
        throw new OptionError(
          `fill 'blur' needs images [N, H, W, C]; this input has shape [${xBatched.shape.join(', ')}]. Use 'mean' or 'zero'.`,
        );
      return gaussianBlur(xBatched as tf.Tensor4D, options.blurSigma ?? 5);
    case 'uniform': {
      const range = model.inputRange ?? (await dataRange(xBatched));
      const random = createRandom(options.seed ?? 0);
      const values = new Float32Array(xBatched.size);
      for (let i = 0; i < values.length; i++) values[i] = range[0] + (range[1] - range[0]) * random.next();
      return tf.tensor(values, xBatched.shape);
    }
    default:
      throw new OptionError(
        `fill must be 'zero', 'mean', 'blur', 'uniform' or a tensor; got ${String(fill)}.`,
      );
  }
}
