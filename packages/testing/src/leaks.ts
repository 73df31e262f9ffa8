import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

function disposeDeep(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof tf.Tensor) {
    if (!value.isDisposed) value.dispose();
    return;
  }
  const disposable = value as { dispose?: unknown };
  if (typeof disposable.dispose === 'function' && !(value instanceof tfl.LayersModel)) {
    (disposable.dispose as () => void).call(value);
  }
  if (Array.isArray(value)) for (const v of value) disposeDeep(v, seen);
  else if (value instanceof Map) for (const v of value.values()) disposeDeep(v, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype)
    for (const v of Object.values(value)) disposeDeep(v, seen);
}

/**
 * Runs `fn`, disposes every tensor in what it returns (walking arrays, maps, plain objects and objects
 * with `dispose()`), then asserts `tf.memory().numTensors` is what it was before: the call freed every
 * tensor it created except those it returned. Returns the tensor count difference (0 when clean).
 */
export async function expectNoTensorLeaks<T>(fn: () => T | Promise<T>): Promise<void> {
  const before = tf.memory().numTensors;
  const result = await fn();
  disposeDeep(result);
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(
      `Tensor leak: ${after - before} tensor(s) left behind (before ${before}, after ${after}).`,
    );
  }
}

/** Like `expectNoTensorLeaks`, for a call expected to throw: checks nothing half-made stays in memory. */
export async function expectThrowsWithoutLeaks(fn: () => unknown | Promise<unknown>): Promise<unknown> {
  const before = tf.memory().numTensors;
  let error: unknown = null;
  try {
    await fn();
  } catch (err) {
    error = err;
  }
  if (error === null) throw new Error('Expected the call to throw, but it returned.');
  const after = tf.memory().numTensors;
  if (after !== before)
    throw new Error(`Tensor leak after a thrown error: ${after - before} tensor(s) left behind.`);
  return error;
}
