import type * as tf from '@tensorflow/tfjs-core';
import type { PoolBackend, TensorData } from './pool-protocol.js';

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions {
  /** Worker threads (default: the machine's cores, `os.availableParallelism()`). */
  size?: number;
  /** The tfjs backend each worker runs (default `'wasm'`: XNNPACK kernels, one thread per worker). */
  backend?: PoolBackend;
  /**
   * A module (absolute path or `file:` URL) every worker imports before it starts its backend, e.g. one
   * that registers a model's custom layers with `tf.serialization.registerClass`.
   */
  setup?: string | URL;
}

/** What a pool has done since it started. */
export interface WorkerPoolStats {
  /** Batches computed and returned. */
  batches: number;
  /** Workers that died (or were killed) and were replaced. */
  workersReplaced: number;
  /** Batches run again because their worker died. */
  batchesRerun: number;
}

/** Where one worker's tfjs memory stands (`tf.memory()` in that thread). */
export interface WorkerMemory {
  numTensors: number;
  numBytes: number;
}

/** A tensor's values, shape and dtype as plain data (the values are read, not copied again). */
export async function tensorData(t: tf.Tensor): Promise<TensorData> {
  return {
    values: (await t.data()) as TensorData['values'],
    shape: t.shape,
    dtype: t.dtype as TensorData['dtype'],
  };
}
