import { Worker } from 'node:worker_threads';
import { AbortError } from '@loupe/core';
import { WORKER_URL, WorkerTaskError } from '../workers/pool.js';
import type { ResultOf, Task, WorkerMessage } from '../workers/protocol.js';

/**
 * One long-lived worker thread (the CLI's own data-set worker) that runs a queue worker's tasks.
 * Computing off the main thread keeps that thread free to renew BullMQ's job lock on time, however
 * long a synchronous tfjs kernel runs, so a busy worker is never mistaken for a dead one. The thread
 * keeps its tfjs engine and models between tasks; `restart` drops them.
 */
export class TaskThread {
  private worker: Worker | null = null;

  private thread(): Worker {
    if (!this.worker) {
      const worker = new Worker(WORKER_URL, { stdout: false, stderr: false });
      worker.on('exit', () => {
        if (this.worker === worker) this.worker = null;
      });
      this.worker = worker;
    }
    return this.worker;
  }

  /** Runs a task in the thread; an abort terminates the thread (the next task starts a fresh one). */
  run<T extends Task>(task: T, onFraction: (f: number) => void, signal?: AbortSignal): Promise<ResultOf<T>> {
    signal?.throwIfAborted();
    const worker = this.thread();
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
      };
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'progress') return onFraction(message.fraction);
        cleanup();
        if (message.type === 'done') resolve(message.result as ResultOf<T>);
        else reject(new WorkerTaskError(message.error));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`The compute thread exited with code ${code} during a task.`));
      };
      const onAbort = () => {
        cleanup();
        void this.restart();
        reject(new AbortError('The task was cancelled.'));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage(task);
    });
  }

  /** Ends the thread (freeing its models and engine); the next task starts a new one. */
  async restart(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}
