import {
  assertFiniteAsync,
  InputShapeError,
  InputValueError,
  OptionError,
  type PerInputValue,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { sameShape, shapeText } from '../baselines.js';

/**
 * DeepLIFT's reference input: `'zeros'`, one number for every element, or a tensor; for a model with several
 * inputs also one number or tensor per input (`PerInputValue`).
 */
export type DeepLiftBaseline = 'zeros' | number | tf.Tensor | PerInputValue;

/**
 * The baseline for the batched input `x` as a `[N, ...]` tensor the caller owns. A tensor may have one
 * example's shape (shared by all examples), `[1, ...]`, or the batch's shape. Throws `InputShapeError` for
 * another shape, `InputValueError` for a non-float or non-finite tensor, `OptionError` for other values.
 */
export async function resolveBaseline(
  baseline: DeepLiftBaseline | undefined,
  x: tf.Tensor,
): Promise<tf.Tensor> {
  if (baseline === undefined || baseline === 'zeros') return tf.zerosLike(x);
  if (typeof baseline === 'number') {
    if (!Number.isFinite(baseline))
      throw new OptionError(`A numeric baseline must be finite; got ${baseline}.`);
    return tf.fill(x.shape, baseline);
  }
  if (!(baseline instanceof tf.Tensor) || baseline.isDisposed) {
    throw new OptionError("baseline must be 'zeros', a number, or a live tf.Tensor with the input's shape.");
  }
  if (baseline.dtype !== 'float32')
    throw new InputValueError(
      `The baseline has dtype ${baseline.dtype}; pass a float32 tensor (baseline.toFloat()).`,
    );
  const example = x.shape.slice(1);
  const shared = sameShape(baseline.shape, example) || sameShape(baseline.shape, [1, ...example]);
  if (!shared && !sameShape(baseline.shape, x.shape)) {
    throw new InputShapeError(
      `The baseline has shape ${shapeText(baseline.shape)}; it must have one example's shape ${shapeText(example)} or the batch's shape ${shapeText(x.shape)}.`,
    );
  }
  // Asynchronous so the check also runs on WebGPU, where the synchronous one is skipped.
  await assertFiniteAsync(baseline, 'baseline');
  return tf.tidy(() =>
    shared ? tf.broadcastTo(tf.reshape(baseline, [1, ...example]), x.shape) : tf.clone(baseline),
  );
}
