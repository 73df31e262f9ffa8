// A worker thread of `WorkerPool`: its own tfjs engine and backend, the models it was sent (weights once),
// and one job at a time. Messages are handled in arrival order.
import { parentPort } from 'node:worker_threads';
import { cpuBackend, type ExplainableModel, importModel, isOutOfMemoryError, runPoolJob } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { createWasmBackend } from '../wasm-backend.js';
import { errorData, type FromWorker, type TensorData, type ToWorker } from './pool-protocol.js';

const port = parentPort;
if (!port) throw new Error('pool-worker must run in a worker thread.');
// This thread's tfjs only: no "running in Node.js" banner per worker.
tf.env().set('PROD', true);

const models = new Map<number, Promise<ExplainableModel>>();
let queue: Promise<void> = Promise.resolve();

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

async function init(backend: 'wasm' | 'cpu', setup: string | null): Promise<void> {
  if (setup) await import(setup);
  await (backend === 'wasm' ? createWasmBackend() : cpuBackend).setup();
  if (!(await tf.setBackend(backend))) throw new Error(`The ${backend} backend failed to start in a worker.`);
  await tf.ready();
}

/** Runs a job on `rows` of the input, halving the rows when the backend runs out of memory. */
function compute(model: ExplainableModel, job: Extract<ToWorker, { type: 'job' }>, splits: number[]) {
  const run = (inputs: tf.Tensor, classes: number[] | null): tf.Tensor => {
    try {
      return tf.tidy(() =>
        runPoolJob(model, classes ? { kind: 'gradient', inputs, classes } : { kind: 'forward', inputs }),
      );
    } catch (err) {
      const rows = inputs.shape[0];
      if (!isOutOfMemoryError(err) || rows === 1) throw err;
      splits.push(rows);
      const half = Math.ceil(rows / 2);
      const parts = [
        tf.tidy(() => run(tf.slice(inputs, 0, half), classes?.slice(0, half) ?? null)),
        tf.tidy(() => run(tf.slice(inputs, half), classes?.slice(half) ?? null)),
      ];
      const joined = tf.concat(parts, 0);
      tf.dispose(parts);
      return joined;
    }
  };
  const { values, shape, dtype } = job.inputs;
  const inputs = tf.tensor(values, shape, dtype);
  try {
    return run(inputs, job.classes);
  } finally {
    inputs.dispose();
  }
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init':
      try {
        await init(message.backend, message.setup);
        post({ type: 'ready', backend: tf.getBackend() });
      } catch (err) {
        post({ type: 'init-failed', error: errorData(err) });
      }
      return;
    case 'load': {
      const loading = importModel(message.model);
      loading.catch(() => {});
      models.set(message.modelId, loading);
      return;
    }
    case 'release': {
      const model = models.get(message.modelId);
      models.delete(message.modelId);
      await model?.then((m) => m.dispose()).catch(() => {});
      return;
    }
    case 'memory': {
      const { numTensors, numBytes } = tf.memory();
      post({ type: 'memory', id: message.id, numTensors, numBytes });
      return;
    }
    case 'job':
      try {
        const loading = models.get(message.modelId);
        if (!loading) throw new Error(`Model ${message.modelId} was not sent to this worker.`);
        const model = await loading;
        const splits: number[] = [];
        const out = compute(model, message, splits);
        // A copy this thread gives away: the cpu backend's data() is the tensor's own array.
        const output: TensorData = {
          values: ((await out.data()) as TensorData['values']).slice(),
          shape: out.shape,
          dtype: out.dtype as TensorData['dtype'],
        };
        out.dispose();
        post({ type: 'result', id: message.id, output, splits: splits.length }, [
          output.values.buffer as ArrayBuffer,
        ]);
      } catch (err) {
        post({ type: 'error', id: message.id, error: errorData(err) });
      }
      return;
  }
}

port.on('message', (message: ToWorker) => {
  queue = queue.then(() => handle(message));
});
