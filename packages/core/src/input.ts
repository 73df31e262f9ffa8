import * as tf from '@tensorflow/tfjs-core';
import { InputShapeError, InputValueError } from './errors.js';

/** An input made batched, and how to give results back the caller's shape. */
export interface NormalizedInput {
  /** The input with a batch dimension (the caller's tensor itself when it already had one). */
  batched: tf.Tensor;
  /** False when the caller passed one example without a batch dimension. */
  hadBatch: boolean;
}

// Tensors already proven finite by an asynchronous check: later synchronous validation skips its readback
// (on WebGPU a synchronous read can stall or, in some drivers, lose the device).
const provenFinite = new WeakSet<tf.Tensor>();

/** Shape as `[batch, ...dims]` with `null` for any free dimension (the batch at least). */
export type ModelInputShape = readonly (number | null)[];

function describe(shape: ModelInputShape): string {
  return `[${shape.map((d) => (d === null ? 'N' : d)).join(', ')}]`;
}

/**
 * Validates an input against a model's input shape and adds a batch dimension when it has none. Rejects
 * non-float dtypes, wrong ranks or sizes, and NaN/±Infinity with typed errors that say how to fix them.
 * `checkFinite` reads the data back once (skip it inside loops over already-checked inputs); `tokens` also
 * accepts int32 (token ids).
 */
export function normalizeInput(
  x: tf.Tensor,
  expected: ModelInputShape | null,
  checkFinite = true,
  tokens = false,
): NormalizedInput {
  if (!(x instanceof tf.Tensor)) {
    throw new InputValueError(
      'The input must be a tf.Tensor; build one with tf.tensor(data, shape) or tf.browser.fromPixels(image).',
    );
  }
  if (x.isDisposed) throw new InputValueError('The input tensor has been disposed; pass a live tensor.');
  if (x.dtype !== 'float32' && !(tokens && x.dtype === 'int32')) {
    throw new InputValueError(
      tokens
        ? `The input has dtype ${x.dtype}; this model reads token ids: pass an int32 (or float32) tensor of ids.`
        : `The input has dtype ${x.dtype}; Loupe needs float32. Convert it with x.toFloat() (and scale it to the model's input range).`,
    );
  }
  let hadBatch = true;
  if (expected) {
    if (x.rank === expected.length - 1) hadBatch = false;
    else if (x.rank !== expected.length) {
      throw new InputShapeError(
        `The input has shape [${x.shape.join(', ')}] (rank ${x.rank}); the model expects ${describe(expected)} (rank ${expected.length}, or ${expected.length - 1} for one example without a batch dimension).`,
      );
    }
    const dims = hadBatch ? x.shape : [1, ...x.shape];
    expected.forEach((d, i) => {
      if (i > 0 && d !== null && dims[i] !== d) {
        throw new InputShapeError(
          `The input has shape [${x.shape.join(', ')}]; the model expects ${describe(expected)}. Dimension ${i} is ${dims[i]}, expected ${d}${x.rank >= 3 ? ' (resize the image, or pass preprocess.resize to wrapModel)' : ''}.`,
        );
      }
    });
  }
  if (hadBatch && x.shape[0] === 0)
    throw new InputShapeError('The input batch is empty; pass at least one example.');
  if (checkFinite && !provenFinite.has(x)) assertFinite(x, 'input');
  return { batched: hadBatch ? x : tf.expandDims(x, 0), hadBatch };
}

/** `normalizeInput` with an asynchronous finiteness check (WebGPU in Node has no synchronous readback). */
export async function normalizeInputAsync(
  x: tf.Tensor,
  expected: ModelInputShape | null,
  tokens = false,
): Promise<NormalizedInput> {
  const input = normalizeInput(x, expected, false, tokens);
  try {
    if (!provenFinite.has(x)) await assertFiniteAsync(x, 'input');
    provenFinite.add(x);
  } catch (err) {
    if (!input.hadBatch) input.batched.dispose();
    throw err;
  }
  return input;
}

/** `assertFinite` with an asynchronous read. */
export async function assertFiniteAsync(x: tf.Tensor, what: string): Promise<void> {
  const bad = tf.tidy(() => tf.logicalNot(tf.all(tf.isFinite(x))));
  const hasBad = (await bad.data())[0] === 1;
  bad.dispose();
  if (hasBad) {
    throw new InputValueError(
      `The ${what} contains NaN or Infinity; clean it first (e.g. tf.where(tf.isFinite(x), x, 0)).`,
    );
  }
}

/**
 * Whether the active backend can read data back synchronously. WebGPU cannot in Node (tfjs 4.22 needs
 * OffscreenCanvas for it) and in browsers a synchronous read stalls the GPU queue.
 */
export function canReadSync(): boolean {
  return tf.getBackend() !== 'webgpu';
}

/**
 * Throws `InputValueError` when the tensor holds NaN or ±Infinity (one synchronous readback). On backends
 * without synchronous readback (WebGPU) the check is left to the asynchronous path (`prepare`,
 * `explain`), which every method runs first.
 */
export function assertFinite(x: tf.Tensor, what: string): void {
  if (!canReadSync()) return;
  const bad = tf.tidy(() => tf.logicalNot(tf.all(tf.isFinite(x))));
  const hasBad = bad.dataSync()[0] === 1;
  bad.dispose();
  if (hasBad) {
    throw new InputValueError(
      `The ${what} contains NaN or Infinity; clean it first (e.g. tf.where(tf.isFinite(x), x, 0)).`,
    );
  }
}

/** Gives a batched result back in the caller's shape: drops the batch dimension if the input had none. */
export function restoreBatch<T extends tf.Tensor>(result: T, input: NormalizedInput): T {
  return (input.hadBatch ? result : tf.squeeze(result, [0])) as T;
}
