import * as tf from '@tensorflow/tfjs-core';
import { AbortError, OptionError } from './errors.js';

/** Where long work is; `done` of `total` units (steps, samples, batches…). */
export interface Progress {
  done: number;
  total: number;
  /** What is being done, e.g. `'integrated-gradients'`. */
  phase?: string;
}

/** Options every long-running call takes (docs/architecture.md). */
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

/**
 * Largest `batchSize` a caller may ask for (copies evaluated per forward pass): beyond it batching gains
 * nothing and one batch of images can exhaust any backend. Schemas use it as the maximum.
 */
export const MAX_BATCH_SIZE = 4096;

/**
 * Validates a count option (masks, samples, steps, segments…): a whole number in [min, max]. Every count a
 * user can set has a maximum, so a typo such as `masks: 1e8` is an `OptionError`, not a run that never ends.
 */
export function checkCount(value: unknown, name: string, max: number, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new OptionError(`${name} must be a whole number from ${min} to ${max}; got ${String(value)}.`);
  return value;
}

/** Validates a batch size option (a positive integer). */
export function checkBatchSize(batchSize: number, name = 'batchSize'): number {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new OptionError(`${name} must be a positive integer; got ${batchSize}.`);
  return batchSize;
}

/**
 * Messages seen when a backend cannot get more memory. tfjs-backend-wasm is a release Emscripten build: a
 * failed `malloc` aborts with a bare `Aborted()` (no assertion text), so that message counts as out of
 * memory too. `OOM` is matched as a word only, so names like "zoom" do not count.
 */
const OUT_OF_MEMORY_PATTERNS: readonly RegExp[] = [
  /out of memory/i,
  /\bOOM\b/,
  /Cannot enlarge memory/i,
  /Maximum memory size exceeded/i,
  /could not allocate memory/i,
  /Array buffer allocation failed/i,
  /Invalid typed array length/i,
  /memory access out of bounds/i,
  /Aborted\(\)/,
  /Failed to allocate/i,
];

/**
 * Whether `err` says the backend ran out of memory (wasm heap, WebGPU buffer, JavaScript allocation), so
 * the caller can retry with a smaller batch instead of failing. Accepts anything thrown, including the
 * plain `{ message }` objects tfjs-backend-wasm rejects with; an error's `name` is checked with its message.
 */
export function isOutOfMemoryError(err: unknown): boolean {
  if (err instanceof RangeError && /allocation|memory/i.test(err.message)) return true;
  const text = errorText(err);
  return text !== undefined && OUT_OF_MEMORY_PATTERNS.some((pattern) => pattern.test(text));
}

function errorText(err: unknown): string | undefined {
  if (typeof err === 'string') return err;
  if (typeof err !== 'object' || err === null) return undefined;
  const { name, message } = err as { name?: unknown; message?: unknown };
  if (typeof message !== 'string') return undefined;
  return typeof name === 'string' ? `${name} ${message}` : message;
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
