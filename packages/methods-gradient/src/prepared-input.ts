import {
  type Attribution,
  type AttributionMeta,
  assertWithinMemory,
  checkFunctionGradient,
  createAttribution,
  type ExplainableModel,
  FLOAT32_BYTES,
  type NormalizedInput,
  type ResolvedTarget,
  restoreBatch,
  type Target,
  throwIfAborted,
} from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';

/** A validated, batched input with its target fixed; `dispose()` frees what preparing created. */
export interface PreparedInput {
  input: NormalizedInput;
  /** The batched input `[N, ...]`. */
  x: tf.Tensor;
  /** Number of examples. */
  n: number;
  target: ResolvedTarget;
  /** The model's own warnings (ops run outside Loupe's op table, an output picked among several). */
  modelWarnings: readonly string[];
  dispose(): void;
}

/**
 * Refuses a `batchSize` whose points cannot fit before any is evaluated: a batch holds the points, their
 * gradients and at least two activations of the input's size, float32 (`MemoryBudgetError` with the
 * estimate; the model's own activations come on top, and `forEachBatch` splits batches that still fail).
 */
function checkBatchMemory(x: tf.Tensor, batchSize: number | undefined): void {
  if (batchSize === undefined) return;
  const example = x.shape.slice(1);
  const size = example.reduce((a, b) => a * b, 1);
  assertWithinMemory({
    bytes: 4 * FLOAT32_BYTES * batchSize * size,
    what: `A gradient batch of ${batchSize} points of a [${example.join(', ')}] example`,
    fix: 'Lower batchSize (the result does not depend on it).',
  });
}

/**
 * Validates `x` against the model (typed errors), adds a batch dimension when missing and resolves the
 * target, all through core's `model.prepare` (asynchronous reads only: synchronous reads fail on WebGPU in
 * Node and stall the GPU queue in browsers). Checks the abort signal first, and that a function model has
 * a gradient (`ModelFunctionError` otherwise).
 */
export async function prepareInputAsync(
  model: ExplainableModel,
  x: tf.Tensor,
  options: { target?: Target; signal?: AbortSignal; batchSize?: number },
): Promise<PreparedInput> {
  throwIfAborted(options.signal);
  const { input, target } = await model.prepare(x, options.target);
  const dispose = () => {
    if (!input.hadBatch && !input.batched.isDisposed) input.batched.dispose();
  };
  try {
    // Every method here differentiates the model: a function model must be differentiable.
    checkBatchMemory(input.batched, options.batchSize);
    checkFunctionGradient(model, input.batched);
  } catch (err) {
    dispose();
    throw err;
  }
  return {
    input,
    x: input.batched,
    n: input.batched.shape[0],
    target,
    modelWarnings: model.warnings,
    dispose,
  };
}

/**
 * Wraps batched values `[N, ...]` into an `Attribution` in the caller's shape (the batch dimension dropped
 * when the input had none); takes ownership of `values`. The model's warnings come first in
 * `meta.warnings`, so a result says when part of the model ran outside Loupe's op table.
 */
export function finishAttribution(
  method: string,
  prepared: PreparedInput,
  values: tf.Tensor,
  meta: AttributionMeta = {},
): Attribution {
  const shaped = restoreBatch(values, prepared.input);
  if (shaped !== values) values.dispose();
  const warnings = [...prepared.modelWarnings, ...(meta.warnings ?? [])];
  return createAttribution({
    method,
    target: prepared.target.indices,
    values: shaped,
    meta: warnings.length ? { ...meta, warnings } : meta,
  });
}

/** Reshapes a per-example list `[N]` to broadcast against `[N, ...dims]` of the given rank. */
export function perExampleShape(n: number, rank: number): number[] {
  return [n, ...new Array<number>(rank - 1).fill(1)];
}
