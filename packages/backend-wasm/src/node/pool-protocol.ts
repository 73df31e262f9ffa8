import type { TransferableModel } from '@loupe/core';

/** Which tfjs backend each worker runs. */
export type PoolBackend = 'wasm' | 'cpu';

/** A tensor as plain data. */
export interface TensorData {
  values: Float32Array | Int32Array | Uint8Array;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
}

/** An error as it crosses a thread. */
export interface ErrorData {
  name: string;
  message: string;
  code?: string;
}

/** Messages the pool sends a worker. */
export type ToWorker =
  | { type: 'init'; backend: PoolBackend; setup: string | null }
  | { type: 'load'; modelId: number; model: TransferableModel }
  | { type: 'release'; modelId: number }
  | {
      type: 'job';
      id: number;
      modelId: number;
      kind: 'forward' | 'gradient';
      inputs: TensorData;
      classes: number[] | null;
    }
  | { type: 'memory'; id: number };

/** Messages a worker sends back. */
export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'init-failed'; error: ErrorData }
  | { type: 'result'; id: number; output: TensorData; splits: number }
  | { type: 'error'; id: number; error: ErrorData }
  | { type: 'memory'; id: number; numTensors: number; numBytes: number };

/** Anything thrown, as plain data. */
export function errorData(error: unknown): ErrorData {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
  };
}
