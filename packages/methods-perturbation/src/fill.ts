import {
  assertFinite,
  type ExplainableModel,
  gaussianBlur,
  InputShapeError,
  inputLabel,
  mapInputs,
  OptionError,
  type PerInputValue,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * What replaces a removed feature: a constant (`'zero'` = 0), the example's per-channel `'mean'`, a
 * Gaussian `'blur'` of the example (images only), or a tensor (one example's shape, the batch's shape, or
 * anything that broadcasts to it); for a model with several inputs also a number or tensor per input
 * (`PerInputValue`, an array in input order or a record by input name).
 */
export type Fill = number | 'zero' | 'mean' | 'blur' | tf.Tensor | PerInputValue;

/** Names accepted for `fill` besides numbers and tensors. */
export const FILL_NAMES = ['zero', 'mean', 'blur'] as const;

/**
 * The reference input each feature is replaced with, the batched input's shape `[N, ...]`. `blurSigma` is
 * the blur's standard deviation in pixels. Throws `OptionError` for an unknown fill or a tensor that does
 * not broadcast, `InputShapeError` for `'blur'` on a non-image input.
 */
export function makeBaseline(
  fill: Fill,
  xBatched: tf.Tensor,
  blurSigma: number,
  model?: ExplainableModel,
): tf.Tensor {
  if ((fill === 'mean' || fill === 'blur') && model && model.inputs.length > 1) {
    // Per input, in its own shape: a channel mean or a blur means nothing across a packed input.
    return mapInputs(model, xBatched, (part, k) => {
      try {
        return makeBaseline(fill, tf.cast(part, 'float32'), blurSigma);
      } catch (err) {
        if (err instanceof Error) err.message = `${inputLabel(model, k)}: ${err.message}`;
        throw err;
      }
    });
  }
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
  if (typeof fill !== 'string') {
    throw new OptionError(
      'The fill/baseline is given per input, but this model has one input; pass a number, a name or one tensor.',
    );
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
