import { type ExplainableModel, gaussianBlur, InputShapeError, OptionError, SeededRandom } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

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
      const random = new SeededRandom(options.seed ?? 0);
      const values = new Float32Array(xBatched.size);
      for (let i = 0; i < values.length; i++) values[i] = range[0] + (range[1] - range[0]) * random.uniform();
      return tf.tensor(values, xBatched.shape);
    }
    default:
      throw new OptionError(
        `fill must be 'zero', 'mean', 'blur', 'uniform' or a tensor; got ${String(fill)}.`,
      );
  }
}
