import { Worker } from 'node:worker_threads';
import { AbortError } from '@loupe/core';
import type { ResultOf, SerializedError, Task, WorkerMessage } from './protocol.js';
import { runTask } from './run-task.js';

/** Options of {@link runTasks}. */
export interface PoolOptions {
  /** Threads; 1 runs every task in this thread, in order. */
  workers: number;
  signal: AbortSignal;
  /** Examples done so far (fractions of a chunk included), out of the sum of the tasks' sizes. */
  onProgress(done: number): void;
}

// bin/worker.mjs loads the worker module from src/ (checkout, through tsx) or dist/ (published);
// src/workers/ and dist/workers/ are both two levels below the package root.
export const WORKER_URL = new URL('../../bin/worker.mjs', import.meta.url);

/** An error that crossed from a worker, keeping its code (which decides the exit status). */
export class WorkerTaskError extends Error {
  readonly code: string | undefined;
  constructor(error: SerializedError) {
    super(error.message);
    this.name = error.name;
    this.code = error.code;
  }
}

const sizeOf = (t: Task) => t.end - t.start;

function aborted(): AbortError {
  return new AbortError('Interrupted: stopped before finishing; no partial files were written.');
}

/** Receives each task's result as soon as it is ready (e.g. to write its files) and returns what to keep. */
export type ResultHandler<T extends Task, R> = (result: ResultOf<T>, index: number) => Promise<R> | R;

async function runInThread<T extends Task, R>(
  tasks: readonly T[],
  options: PoolOptions,
  handle: ResultHandler<T, R>,
): Promise<R[]> {
  const results: R[] = [];
  let done = 0;
  for (const task of tasks) {
    if (options.signal.aborted) throw aborted();
    const result = await runTask(task, {
      signal: options.signal,
      onFraction: (f) => options.onProgress(done + f * sizeOf(task)),
    });
    results.push(await handle(result, results.length));
    done += sizeOf(task);
    options.onProgress(done);
  }
  return results;
}

/**
 * Runs tasks on `workers` worker threads (each loads tfjs and the model once, then takes the next
 * task), returning results in task order. A task's result depends only on the task, never on which
 * thread ran it, so any worker count gives the same output. On abort every worker is terminated at
 * once; workers write no files, so nothing is left half-written.
 */
export async function runTasks<T extends Task, R = ResultOf<T>>(
  tasks: readonly T[],
  options: PoolOptions,
  handle: ResultHandler<T, R> = (result) => result as R,
): Promise<R[]> {
  const count = Math.min(options.workers, tasks.length);
  if (count <= 1) return runInThread(tasks, options, handle);
  const results = new Array<R>(tasks.length);
  const handling: Promise<void>[] = [];
  const partial = new Map<number, number>();
  let finished = 0;
  let next = 0;
  const workers: Worker[] = [];
  const report = () => options.onProgress(finished + [...partial.values()].reduce((a, b) => a + b, 0));
  try {
    await new Promise<void>((resolve, reject) => {
      let remaining = tasks.length;
      let failed = false;
      const fail = (error: Error) => {
        if (!failed) reject(error);
        failed = true;
      };
      options.signal.addEventListener('abort', () => fail(aborted()), { once: true });
      if (options.signal.aborted) fail(aborted());
      const feed = (worker: Worker) => {
        if (failed || next >= tasks.length) return;
        const index = next++;
        const task = tasks[index];
        const onMessage = (message: WorkerMessage) => {
          if (message.type === 'progress') {
            partial.set(index, message.fraction * sizeOf(task));
            report();
            return;
          }
          worker.off('message', onMessage);
          partial.delete(index);
          if (message.type === 'error') return fail(new WorkerTaskError(message.error));
          const kept = Promise.resolve(handle(message.result as ResultOf<T>, index)).then((r) => {
            results[index] = r;
          });
          handling.push(kept);
          kept.catch((error: Error) => fail(error));
          finished += sizeOf(task);
          report();
          if (--remaining === 0) Promise.all(handling).then(() => resolve(), fail);
          else feed(worker);
        };
        worker.on('message', onMessage);
        worker.postMessage(task);
      };
      for (let i = 0; i < count; i++) {
        const worker = new Worker(WORKER_URL, { stdout: false, stderr: false });
        worker.on('error', (error) => fail(error));
        worker.on('exit', (code) => {
          if (code !== 0 && !failed && remaining > 0)
            fail(new Error(`A worker thread exited with code ${code}.`));
        });
        workers.push(worker);
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    // Files of finished chunks are completed (each write is atomic) before returning or throwing.
    await Promise.allSettled(handling);
  }
  return results;
}
