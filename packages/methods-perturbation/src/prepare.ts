import {
  type Attribution,
  type AttributionMeta,
  assertWithinMemory,
  type BatchPool,
  checkCount,
  createAttribution,
  type ExplainableModel,
  FLOAT32_BYTES,
  MAX_BATCH_SIZE,
  type ModelLike,
  type NormalizedInput,
  type OptionNames,
  type PoolControl,
  type Progress,
  poolFor,
  type ResolvedTarget,
  type RunControl,
  restoreBatch,
  type Target,
  throwIfAborted,
  wrapModel,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { defaultBatchSize } from './batch-size.js';

/** Options every perturbation method takes. */
export interface PerturbationOptions extends RunControl, PoolControl {
  /** What to explain (default `'predicted'`). */
  target?: Target;
  /** Perturbed copies per forward pass; default sized to the backend (see `defaultBatchSize`). */
  batchSize?: number;
}

/** The option names of `PerturbationOptions`, shared by every method's own list. */
export const PERTURBATION_OPTION_NAMES: OptionNames<PerturbationOptions> = {
  target: true,
  batchSize: true,
  signal: true,
  onProgress: true,
  pool: true,
};

/** A validated call: the wrapped model, the batched input, the fixed target and the batch size. */
export interface PreparedCall {
  readonly model: ExplainableModel;
  readonly input: NormalizedInput;
  readonly target: ResolvedTarget;
  /** Shape of one example (the input without its batch dimension). */
  readonly exampleShape: readonly number[];
  readonly exampleSize: number;
  readonly batchSize: number;
  /** The worker pool the copies are scored on (`options.pool`, when it can run the model), or null. */
  readonly pool: BatchPool | null;
  /** Frees what `prepareCall` made (a wrapper it created, the batched copy of an unbatched input). */
  release(): void;
}

/**
 * Wraps the model (when it is not wrapped yet), validates and batches the input, fixes the target and the
 * batch size. Throws typed errors for bad input before anything is allocated that could leak. Validation
 * and the predicted class are read back asynchronously (`model.prepare`), so WebGPU works.
 */
export async function prepareCall(
  modelLike: ModelLike | ExplainableModel,
  x: tf.Tensor,
  options: PerturbationOptions,
): Promise<PreparedCall> {
  throwIfAborted(options.signal);
  if (options.batchSize !== undefined) checkCount(options.batchSize, 'batchSize', MAX_BATCH_SIZE);
  const model = wrapModel(modelLike);
  const owned = model !== modelLike;
  try {
    const { input, target } = await model.prepare(x, options.target);
    const exampleShape = input.batched.shape.slice(1);
    const exampleSize = exampleShape.reduce((a, b) => a * b, 1);
    const batchSize = options.batchSize ?? defaultBatchSize(exampleSize);
    try {
      // A batch holds the perturbed copies, their masks and the baseline difference: three float32 copies.
      assertWithinMemory({
        bytes: 3 * FLOAT32_BYTES * batchSize * exampleSize,
        what: `A batch of ${batchSize} perturbed copies of a [${exampleShape.join(', ')}] example`,
        fix: 'Lower batchSize (the result does not depend on it).',
      });
    } catch (err) {
      if (!input.hadBatch) input.batched.dispose();
      throw err;
    }
    return {
      model,
      input,
      target,
      exampleShape,
      exampleSize,
      batchSize,
      pool: poolFor(options.pool, model),
      release() {
        if (!input.hadBatch) input.batched.dispose();
        if (owned) model.dispose();
      },
    };
  } catch (err) {
    // model.prepare frees its own batched copy when it throws.
    if (owned) model.dispose();
    throw err;
  }
}

/**
 * `control.onProgress` for one slice of a longer run: a batch loop's `done` is shifted by `offset` (units
 * already done before this slice) and reported out of `total` (units of the whole run). Undefined when
 * there is no `onProgress`, so callers can pass it straight to `forEachBatch`.
 */
export function offsetProgress(
  control: RunControl,
  offset: number,
  total: number,
): ((p: Progress) => void) | undefined {
  const report = control.onProgress;
  return report && ((p) => report({ done: offset + p.done, total, phase: p.phase }));
}

/**
 * The explained score of example `example` for every row of a batch of (perturbed) copies of it: `[B]`.
 * Classes, functions and regions alike go through the target's `selectFor`.
 */
export function targetScores(call: PreparedCall, example: number, xb: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => selectScores(call, example, call.model.forwardBatched(xb)));
}

/**
 * `targetScores` with the forward pass on the call's worker pool when it has one (several batches can then
 * be in flight); the same values either way. `xb` is not disposed.
 */
export async function targetScoresOnPool(
  call: PreparedCall,
  example: number,
  xb: tf.Tensor,
  signal?: AbortSignal,
): Promise<tf.Tensor1D> {
  if (!call.pool) return targetScores(call, example, xb);
  const scores = await call.pool.run(call.model, { kind: 'forward', inputs: xb }, signal);
  try {
    return tf.tidy(() => selectScores(call, example, scores));
  } finally {
    scores.dispose();
  }
}

/**
 * Scores the copies `base + delta ⊙ mask` of example `example` (`targetScoresOnPool`). The mask stays the
 * caller's: returned with the scores, or freed when scoring fails.
 */
export async function scoreMasked(
  call: PreparedCall,
  example: number,
  base: tf.Tensor,
  delta: tf.Tensor,
  mask: tf.Tensor,
  signal?: AbortSignal,
): Promise<{ mask: tf.Tensor; scores: tf.Tensor1D }> {
  const copies = tf.tidy(() => tf.add(base, tf.mul(delta, mask)));
  try {
    return { mask, scores: await targetScoresOnPool(call, example, copies, signal) };
  } catch (err) {
    mask.dispose();
    throw err;
  } finally {
    copies.dispose();
  }
}

/** The target's score for every row of `scores`, all rows being copies of example `example` (regions too). */
function selectScores(call: PreparedCall, example: number, scores: tf.Tensor): tf.Tensor1D {
  return call.target.selectFor(new Array<number>(scores.shape[0]).fill(example))(scores) as tf.Tensor1D;
}

/** Builds the attribution from batched values `[N, ...]`, in the caller's input shape; takes ownership. */
export function finishAttribution(
  call: PreparedCall,
  method: string,
  values: tf.Tensor,
  meta: AttributionMeta,
): Attribution {
  const shaped = restoreBatch(values, call.input);
  if (shaped !== values) values.dispose();
  return createAttribution({
    method,
    target: call.target.indices,
    values: shaped,
    meta: { backend: tf.getBackend(), ...meta },
  });
}

/** One example of the batched input, `[1, ...]`. */
export function exampleAt(call: PreparedCall, i: number): tf.Tensor {
  return tf.slice(call.input.batched, i, 1);
}
