import {
  createAttribution, restoreBatch, throwIfAborted,
  type Attribution, type AttributionMeta, type ExplainableModel, type NormalizedInput, type ResolvedTarget, type Target,
} from '@loupe/core';
import type * as tf from '@tensorflow/tfjs';

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
 * target on the clean input ('predicted' = argmax of its scores). Checks the abort signal first.
 */
export function prepareInput(model: ExplainableModel, x: tf.Tensor, options: { target?: Target; signal?: AbortSignal }): PreparedInput {
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
export function finishAttribution(method: string, prepared: PreparedInput, values: tf.Tensor, meta: AttributionMeta = {}): Attribution {
  const shaped = restoreBatch(values, prepared.input);
  if (shaped !== values) values.dispose();
  return createAttribution({ method, target: prepared.target.indices, values: shaped, meta });
}

/** Reshapes a per-example list `[N]` to broadcast against `[N, ...dims]` of the given rank. */
export function perExampleShape(n: number, rank: number): number[] {
  return [n, ...new Array<number>(rank - 1).fill(1)];
}
