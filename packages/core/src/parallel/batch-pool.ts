import type * as tf from '@tensorflow/tfjs-core';
import type { ExplainableModel } from '../model/types.js';

/**
 * One batch of work a {@link BatchPool} runs for a model, on a batched input `[B, ...]` (what
 * `forwardBatched` takes).
 * - `'forward'`: the model's output in its explained view, `[B, ...outputs]`.
 * - `'gradient'`: row r's gradient of output `classes[r]` (an index into the flattened output; 0 for a
 *   single-output model) with respect to row r of the input: the input's shape. It is the same gradient
 *   `tf.grad` takes through `forwardBatched`, to the bit on the same backend.
 */
export type PoolJob =
  | { kind: 'forward'; inputs: tf.Tensor }
  | { kind: 'gradient'; inputs: tf.Tensor; classes: readonly number[] };

/**
 * Runs batches of forward and gradient work somewhere other than the calling thread, several at once: the
 * narrow interface methods see of a worker pool (`WorkerPool` from `@loupe/backend-wasm/node` implements
 * it). A method given `{ pool }` hands its batches (integrated-gradients steps, SmoothGrad and
 * expected-gradients samples, occlusion/RISE/KernelSHAP perturbations, evaluation curves) to `run` and
 * combines the results on the calling thread in batch order, so the result does not depend on `size`.
 * The caller owns the pool; Loupe never creates or closes one.
 */
export interface BatchPool {
  /** How many batches run at once (workers). */
  readonly size: number;
  /**
   * Why `model` cannot run on this pool (function models and per-call op rules cannot cross a thread), or
   * null when it can. Methods run such models on the calling thread instead and say so in `meta.warnings`.
   */
  unsupported(model: ExplainableModel): string | null;
  /**
   * Runs one job for `model` and resolves to a new tensor on the calling thread's backend (the caller
   * disposes it). The job's input tensors are read, not disposed. Rejects with `AbortError` when `signal`
   * fires; a worker that dies mid-job is replaced and the job run again.
   */
  run(model: ExplainableModel, job: PoolJob, signal?: AbortSignal): Promise<tf.Tensor>;
}

/** Options of the calls that can run their batches on a worker pool (every explainer, the curve metrics). */
export interface PoolControl {
  /**
   * Runs batches on a worker pool the caller owns (e.g. `createWorkerPool` from `@loupe/backend-wasm/node`);
   * results are the same as without it, to the bit on the same backend. Default: this thread.
   */
  pool?: BatchPool;
}

/**
 * The pool to use for `model`: `pool` when given and able to run the model, else null (the work runs on
 * this thread). When the pool cannot take the model, the reason is added to `warnings` (once).
 */
export function poolFor(
  pool: BatchPool | undefined,
  model: ExplainableModel,
  warnings?: string[],
): BatchPool | null {
  if (!pool) return null;
  const reason = pool.unsupported(model);
  if (reason === null) return pool;
  const note = `The worker pool was not used: ${reason}`;
  if (warnings && !warnings.includes(note)) warnings.push(note);
  return null;
}
