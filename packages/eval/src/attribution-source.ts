import {
  type Attribution,
  assertFiniteAsync,
  type ExplainableModel,
  explain,
  InputShapeError,
  OptionError,
  type ResolvedTarget,
  type RunControl,
  type Target,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/** Options passed to an explain function. */
export interface ExplainCallOptions extends RunControl {
  target?: Target;
  seed?: number;
}

/** {@link ExplainCallOptions} plus the method's own options (used when the source is a method). */
export type AttributionCallOptions = ExplainCallOptions & { methodOptions?: Record<string, unknown> };

/**
 * Computes an attribution for a batched input (e.g. a wrapper around a method of your own). The returned
 * Attribution or tensor is handed over: the metric disposes it.
 */
export type ExplainFunction = (
  model: ExplainableModel,
  x: tf.Tensor,
  options: ExplainCallOptions,
) => Promise<Attribution | tf.Tensor>;

/** A finished attribution (or a plain tensor) of the evaluated input. */
export type AttributionLike = Attribution | tf.Tensor;

/** What a metric explains with: a finished attribution, a registered method id, or an explain function. */
export type AttributionSource = AttributionLike | string | ExplainFunction;

/** True for a registered-method id or an explain function (metrics that re-explain need one). */
export function isMethod(source: AttributionSource): source is string | ExplainFunction {
  return typeof source === 'string' || typeof source === 'function';
}

function valuesOf(a: AttributionLike): tf.Tensor {
  return a instanceof tf.Tensor ? a : a.values;
}

/**
 * The attribution of `xBatched` as a new batched tensor the caller owns. A given attribution must have
 * the input's shape (with or without the batch dimension when the batch holds one example) and finite
 * values (`InputValueError` otherwise: a NaN map would rank features arbitrarily); a method is run with
 * `options` (registered ids through core's `explain`, so its params are validated there).
 */
export async function attributionValues(
  model: ExplainableModel,
  xBatched: tf.Tensor,
  source: AttributionSource,
  options: AttributionCallOptions = {},
): Promise<tf.Tensor> {
  const values = await unchecked(model, xBatched, source, options);
  try {
    await assertFiniteAsync(
      values,
      typeof source === 'object' ? 'attribution' : 'attribution the method returned',
    );
    return values;
  } catch (err) {
    values.dispose();
    throw err;
  }
}

async function unchecked(
  model: ExplainableModel,
  xBatched: tf.Tensor,
  source: AttributionSource,
  options: AttributionCallOptions = {},
): Promise<tf.Tensor> {
  if (typeof source === 'string' || typeof source === 'function') {
    const { methodOptions, ...call } = options;
    const result =
      typeof source === 'string'
        ? await explain(model, xBatched, { ...methodOptions, ...call, method: source })
        : await source(model, xBatched, call);
    const values = valuesOf(result);
    try {
      return checkedBatch(values, xBatched);
    } finally {
      // A method's result is ours: an Attribution owns its values, a returned tensor is handed over.
      result.dispose();
    }
  }
  if (source === null || typeof source !== 'object' || !(source instanceof tf.Tensor || 'values' in source)) {
    throw new OptionError(
      'The attribution must be an Attribution, a tf.Tensor, a registered method id or an explain function.',
    );
  }
  return checkedBatch(valuesOf(source), xBatched);
}

/**
 * {@link attributionValues} read back as flat row-major data (`N × elements per example` values); the
 * tensor is freed even when the read fails.
 */
export async function attributionData(
  model: ExplainableModel,
  xBatched: tf.Tensor,
  source: AttributionSource,
  options: AttributionCallOptions = {},
): Promise<Float32Array> {
  const values = await attributionValues(model, xBatched, source, options);
  try {
    return (await values.data()) as Float32Array;
  } finally {
    values.dispose();
  }
}

/**
 * The target to hand a method so that it explains exactly what a metric scores: the classes fixed once on
 * the unperturbed input, or the requested target itself where a target function picks the scalar (it has
 * no class index to fix).
 */
export function fixedTarget(resolved: ResolvedTarget, requested: Target | undefined): Target | undefined {
  return resolved.indices.some((i) => i === null) ? requested : (resolved.indices as number[]);
}

function checkedBatch(values: tf.Tensor, xBatched: tf.Tensor): tf.Tensor {
  const same = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((d, i) => d === b[i]);
  if (same(values.shape, xBatched.shape)) return values.clone();
  if (xBatched.shape[0] === 1 && same(values.shape, xBatched.shape.slice(1))) return tf.expandDims(values, 0);
  throw new InputShapeError(
    `The attribution has shape [${values.shape.join(', ')}] but the input has shape [${xBatched.shape.join(', ')}]; ` +
      'an attribution needs one value per input element (compute it for this very input).',
  );
}
