import '../setup/quiet-tfjs.js';
import { parentPort } from 'node:worker_threads';
import { serializeError, type Task, type WorkerMessage } from './protocol.js';
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
    post({ type: 'error', error: serializeError(error) });
  }
});
