import '../setup/quiet-tfjs.js';
import { parentPort } from 'node:worker_threads';
import type { Task, WorkerMessage } from './protocol.js';
import { runTask } from './run-task.js';

// A worker runs one task at a time, sent by the pool; it stays up for the next one so the model and
// the tfjs engine load once per worker.
const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread.');

port.on('message', async (task: Task) => {
  const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const result = await runTask(task, { onFraction: (fraction) => post({ type: 'progress', fraction }) });
    post({ type: 'done', result });
  } catch (error) {
    const e = error as { name?: string; message?: string; code?: unknown };
    post({
      type: 'error',
      error: {
        name: e.name ?? 'Error',
        message: e.message ?? String(error),
        code: typeof e.code === 'string' ? e.code : undefined,
      },
    });
  }
});
