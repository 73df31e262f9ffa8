import * as tf from '@tensorflow/tfjs-core';

/**
 * Input elements one batch may hold, per backend. GPU backends amortise their per-kernel dispatch cost over
 * big batches; cpu and wasm gain little past a few megabytes and must not exhaust the heap.
 */
const ELEMENT_BUDGET: Readonly<Record<string, number>> = {
  webgpu: 2 ** 24,
  webgl: 2 ** 23,
  tensorflow: 2 ** 23,
  wasm: 2 ** 21,
  cpu: 2 ** 21,
};

/** Most perturbations per batch whatever the input size: beyond this, batching stops paying off. */
const MAX_DEFAULT_BATCH = 256;

/**
 * The default number of perturbed copies evaluated per forward pass for one example of `exampleSize`
 * elements on the active backend: an element budget divided by the example size, between 1 and 256.
 * Used when the caller gives no `batchSize`.
 */
export function defaultBatchSize(exampleSize: number, backend: string = tf.getBackend()): number {
  const budget = ELEMENT_BUDGET[backend] ?? ELEMENT_BUDGET.cpu;
  return Math.max(1, Math.min(MAX_DEFAULT_BATCH, Math.floor(budget / Math.max(1, exampleSize))));
}
