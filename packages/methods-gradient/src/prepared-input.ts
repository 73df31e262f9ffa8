import {
  type Attribution,
  type AttributionMeta,
  createAttribution,
  type ExplainableModel,
  InputValueError,
  type NormalizedInput,
  type ResolvedTarget,
  restoreBatch,
  type Target,
  throwIfAborted,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs';

/** A validated, batched input with its target fixed; `dispose()` frees what preparing created. */
export interface PreparedInput {
  input: NormalizedInput;
  /** The batched input `[N, ...]`. */
  x: tf.Tensor;
  /** Number of examples. */
  n: number;
  target: ResolvedTarget;
  dispose(): void;
}

/**
 * Validates `x` against the model (typed errors), adds a batch dimension when missing and resolves the
 * target on the clean input ('predicted' = argmax of its scores). Checks the abort signal first. Values
 * are read back asynchronously (the NaN check, the predicted class): synchronous reads fail on WebGPU in
 * Node and stall the GPU queue in browsers.
 */
export async function prepareInputAsync(
  model: ExplainableModel,
  x: tf.Tensor,
  options: { target?: Target; signal?: AbortSignal },
): Promise<PreparedInput> {
  throwIfAborted(options.signal);
  const input = model.normalize(x, false);
  const dispose = () => {
    if (!input.hadBatch && !input.batched.isDisposed) input.batched.dispose();
  };
  try {
    const finite = tf.tidy(() => tf.all(tf.isFinite(input.batched)));
    const ok = (await finite.data())[0] === 1;
    finite.dispose();
    if (!ok)
      throw new InputValueError(
        'The input contains NaN or Infinity; clean it first (e.g. tf.where(tf.isFinite(x), x, 0)).',
      );
    let target = options.target;
    if (target === undefined || target === 'predicted') {
      const argmax = tf.tidy(() => {
        const scores = model.forwardBatched(input.batched);
        return tf.argMax(tf.reshape(scores, [scores.shape[0], -1]), 1);
      });
      target = Array.from(await argmax.data());
      argmax.dispose();
    }
    const resolved = model.resolveTarget(input.batched, target);
    return { input, x: input.batched, n: input.batched.shape[0], target: resolved, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

/**
 * The synchronous form of `prepareInputAsync` (core's validation, with synchronous reads): fine on cpu
 * and wasm; on WebGPU in Node its reads fail, so methods should prefer the async form.
 */
export function prepareInput(
  model: ExplainableModel,
  x: tf.Tensor,
  options: { target?: Target; signal?: AbortSignal },
): PreparedInput {
  throwIfAborted(options.signal);
  const input = model.normalize(x);
  const dispose = () => {
    if (!input.hadBatch && !input.batched.isDisposed) input.batched.dispose();
  };
  try {
    const target = model.resolveTarget(input.batched, options.target);
    return { input, x: input.batched, n: input.batched.shape[0], target, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

/**
 * Wraps batched values `[N, ...]` into an `Attribution` in the caller's shape (the batch dimension dropped
 * when the input had none); takes ownership of `values`.
 */
export function finishAttribution(
  method: string,
  prepared: PreparedInput,
  values: tf.Tensor,
  meta: AttributionMeta = {},
): Attribution {
  const shaped = restoreBatch(values, prepared.input);
  if (shaped !== values) values.dispose();
  return createAttribution({ method, target: prepared.target.indices, values: shaped, meta });
}

/** Reshapes a per-example list `[N]` to broadcast against `[N, ...dims]` of the given rank. */
export function perExampleShape(n: number, rank: number): number[] {
  return [n, ...new Array<number>(rank - 1).fill(1)];
}
