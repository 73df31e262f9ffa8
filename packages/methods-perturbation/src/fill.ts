import { assertFinite, gaussianBlur, InputShapeError, OptionError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * What replaces a removed feature: a constant (`'zero'` = 0), the example's per-channel `'mean'`, a
 * Gaussian `'blur'` of the example (images only), or a tensor (one example's shape, the batch's shape, or
 * anything that broadcasts to it).
 */
export type Fill = number | 'zero' | 'mean' | 'blur' | tf.Tensor;

/** Names accepted for `fill` besides numbers and tensors. */
export const FILL_NAMES = ['zero', 'mean', 'blur'] as const;

/**
 * The reference input each feature is replaced with, the batched input's shape `[N, ...]`. `blurSigma` is
 * the blur's standard deviation in pixels. Throws `OptionError` for an unknown fill or a tensor that does
 * not broadcast, `InputShapeError` for `'blur'` on a non-image input.
 */
export function makeBaseline(fill: Fill, xBatched: tf.Tensor, blurSigma: number): tf.Tensor {
  if (typeof fill === 'number') {
    if (!Number.isFinite(fill)) throw new OptionError(`fill must be a finite number; got ${fill}.`);
    return tf.fill(xBatched.shape, fill);
  }
  if (fill instanceof tf.Tensor) {
    if (fill.isDisposed)
      throw new OptionError('The fill/baseline tensor has been disposed; pass a live tensor.');
    const target = xBatched.shape;
    const shape = fill.rank === target.length - 1 ? [1, ...fill.shape] : fill.shape;
    const fits = shape.length === target.length && shape.every((d, i) => d === target[i] || d === 1);
    if (!fits) {
      throw new OptionError(
        `The fill/baseline tensor has shape [${fill.shape.join(', ')}]; it must broadcast to the input's shape [${target.join(', ')}] (give one example's shape or the batch's).`,
      );
    }
    assertFinite(fill, 'fill/baseline tensor');
    return tf.tidy(() => tf.broadcastTo(tf.reshape(tf.cast(fill, 'float32'), shape), target));
  }
  switch (fill) {
    case 'zero':
      return tf.zerosLike(xBatched);
    case 'mean':
      return tf.tidy(() => {
        // Per channel (last axis) for images and sequences; over all features for flat inputs.
        const axes = xBatched.rank > 2 ? xBatched.shape.slice(1, -1).map((_, i) => i + 1) : [1];
        return tf.broadcastTo(tf.mean(xBatched, axes, true), xBatched.shape);
      });
    case 'blur':
      if (xBatched.rank !== 4) {
        throw new InputShapeError(
          `fill 'blur' needs images [N, H, W, C]; the input has shape [${xBatched.shape.join(', ')}]. Use 'zero', 'mean', a number or a tensor.`,
        );
      }
      return gaussianBlur(xBatched as tf.Tensor4D, blurSigma);
    default:
      throw new OptionError(
        `Unknown fill ${JSON.stringify(fill)}; use a number, 'zero', 'mean', 'blur' or a tensor.`,
      );
  }
}
