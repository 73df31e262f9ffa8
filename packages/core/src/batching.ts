import * as tf from '@tensorflow/tfjs';
import { AbortError, OptionError } from './errors.js';

/** Where long work is; `done` of `total` units (steps, samples, batches…). */
export interface Progress {
  done: number;
  total: number;
  /** What is being done, e.g. `'integrated-gradients'`. */
  phase?: string;
}

/** Options every long-running call takes (DESIGN.md). */
export interface RunControl {
  /** Stops the work between batches with an `AbortError`. */
  signal?: AbortSignal;
  /** Called after each batch. */
  onProgress?: (p: Progress) => void;
}

/** Throws `AbortError` when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

/** Lets timers, UI events and abort handlers run between batches. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Validates a batch size option (a positive integer). */
export function checkBatchSize(batchSize: number, name = 'batchSize'): number {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new OptionError(`${name} must be a positive integer; got ${batchSize}.`);
  return batchSize;
}

/** True for errors that mean the backend ran out of memory (wasm heap, WebGPU buffer, JS allocation). */
export function isOutOfMemoryError(err: unknown): boolean {
  const msg = err instanceof Error ? `${err.name} ${err.message}` : String(err);
  return /out of memory|OOM|Cannot enlarge memory|Array buffer allocation failed|Invalid typed array length|memory access out of bounds|Aborted\(\)|Failed to allocate/i.test(
    msg,
  );
}

/**
 * Runs `work(start, end)` over `[0, total)` in chunks of at most `batchSize`, in order, checking the abort
 * signal and reporting progress between chunks. When a chunk runs out of memory, the chunk size is halved
 * and the chunk retried (down to 1); `onSplit` hears about it so callers can report it in `meta.warnings`.
 */
export async function forEachBatch(
  total: number,
  batchSize: number,
  work: (start: number, end: number) => void | Promise<void>,
  control: RunControl & { phase?: string; onSplit?: (newSize: number) => void } = {},
): Promise<void> {
  let size = checkBatchSize(batchSize);
  let start = 0;
  while (start < total) {
    throwIfAborted(control.signal);
    const end = Math.min(total, start + size);
    try {
      await work(start, end);
    } catch (err) {
      if (!isOutOfMemoryError(err) || size === 1) throw err;
      size = Math.max(1, Math.floor(size / 2));
      control.onSplit?.(size);
      continue;
    }
    start = end;
    control.onProgress?.({ done: start, total, phase: control.phase });
    if (start < total) await yieldToEventLoop();
  }
  throwIfAborted(control.signal);
}

/**
 * Applies `f` to `x` in slices of `batchSize` along axis 0 and concatenates the results; memory is
 * bounded by one slice's work. Returns a new tensor; `x` is not disposed.
 */
export async function mapInBatches(
  x: tf.Tensor,
  batchSize: number,
  f: (slice: tf.Tensor) => tf.Tensor,
  control: RunControl & { phase?: string; onSplit?: (newSize: number) => void } = {},
): Promise<tf.Tensor> {
  const parts: tf.Tensor[] = [];
  let result: tf.Tensor | null = null;
  try {
    await forEachBatch(
      x.shape[0],
      batchSize,
      (start, end) => {
        parts.push(tf.tidy(() => f(tf.slice(x, start, end - start))));
      },
      control,
    );
    result = parts.length === 1 ? parts[0] : tf.concat(parts, 0);
    return result;
  } finally {
    for (const p of parts) if (p !== result) p.dispose();
  }
}
