import { availableParallelism } from 'node:os';
import {
  AbortError,
  type BatchPool,
  type ExplainableModel,
  exportModel,
  type PoolJob,
  type TransferableModel,
  throwIfAborted,
  WorkerPoolError,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { FromWorker, TensorData, ToWorker } from './pool-protocol.js';
import { tensorData, type WorkerMemory, type WorkerPoolOptions, type WorkerPoolStats } from './pool-types.js';
import { WorkerSlot } from './worker-slot.js';

type JobMessage = Extract<ToWorker, { type: 'job' }>;

interface PendingJob {
  message: JobMessage;
  /** The model, for workers that do not hold it yet. */
  model: TransferableModel;
  /** Times a worker died running it. */
  deaths: number;
  done: boolean;
  settle(result: { output: TensorData } | { error: Error }): void;
}

/** A worker that dies twice on the same batch gets no third try. */
const MAX_DEATHS_PER_JOB = 2;

/**
 * A pool of worker threads, each with its own tfjs engine on the wasm (or cpu) backend, that runs the
 * batches of explanation methods on every core (`explain(model, x, { method, pool })`). The caller owns
 * it: create it once, pass it to any number of calls (overlapping calls share the workers), `close()` it
 * when done. A model's weights go to each worker once, the first time a call uses it; call `release(model)`
 * after changing its weights or to free the workers' copies. A worker that dies is replaced and its batch
 * run again, so results do not change. Node only.
 */
export class WorkerPool implements BatchPool {
  readonly size: number;
  /** Counts of batches, replaced workers and re-run batches (read-only; updated as the pool works). */
  readonly stats: WorkerPoolStats = { batches: 0, workersReplaced: 0, batchesRerun: 0 };
  private readonly slots: WorkerSlot<PendingJob>[] = [];
  private readonly queue: PendingJob[] = [];
  private readonly modelIds = new WeakMap<ExplainableModel, number>();
  private readonly models = new Map<number, Promise<TransferableModel>>();
  private readonly ready: Promise<void>;
  private readonly memoryReplies = new Map<number, (m: WorkerMemory) => void>();
  private failure: WorkerPoolError | null = null;
  private closed = false;
  private nextId = 1;

  constructor(private readonly options: WorkerPoolOptions = {}) {
    const size = options.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1 || size > 256)
      throw new WorkerPoolError(`size must be a whole number from 1 to 256; got ${String(size)}.`);
    this.size = size;
    let started = 0;
    this.ready = new Promise((resolve, reject) => {
      for (let i = 0; i < size; i++)
        this.slots.push(
          this.startSlot((error) => {
            if (error) reject(this.fail(`A worker could not start its backend: ${error}`));
            else if (++started === size) resolve();
          }),
        );
    });
    this.ready.catch(() => {});
  }

  /** Resolves once every worker has started its backend; rejects with `WorkerPoolError` if one could not. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  unsupported(model: ExplainableModel): string | null {
    if (this.closed) return 'the pool is closed.';
    if (model.kind === 'function') return 'a function model cannot be sent to a worker thread.';
    return null;
  }

  async run(model: ExplainableModel, job: PoolJob, signal?: AbortSignal): Promise<tf.Tensor> {
    throwIfAborted(signal);
    const reason = this.unsupported(model);
    if (reason) throw new WorkerPoolError(`This pool cannot run the job: ${reason}`);
    if (this.failure) throw this.failure;
    const modelId = this.idOf(model);
    const transferable = (await this.models.get(modelId)) as TransferableModel;
    const message: JobMessage = {
      type: 'job',
      id: this.nextId++,
      modelId,
      kind: job.kind,
      inputs: await tensorData(job.inputs),
      classes: job.kind === 'gradient' ? [...job.classes] : null,
    };
    throwIfAborted(signal);
    const output = await new Promise<TensorData>((resolve, reject) => {
      const onAbort = () => pending.settle({ error: new AbortError() });
      const pending: PendingJob = {
        message,
        model: transferable,
        deaths: 0,
        done: false,
        settle: (result) => {
          if (pending.done) return;
          pending.done = true;
          signal?.removeEventListener('abort', onAbort);
          const at = this.queue.indexOf(pending);
          if (at >= 0) this.queue.splice(at, 1);
          if ('error' in result) reject(result.error);
          else resolve(result.output);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(pending);
      this.dispatch();
    });
    return tf.tensor(output.values, output.shape, output.dtype);
  }

  /** `tf.memory()` of every worker (e.g. to check that nothing leaks there). */
  async memory(): Promise<WorkerMemory[]> {
    await this.ready;
    return Promise.all(
      this.slots.map((slot) => {
        const id = this.nextId++;
        return new Promise<WorkerMemory>((resolve) => {
          this.memoryReplies.set(id, resolve);
          slot.post({ type: 'memory', id });
        });
      }),
    );
  }

  /** Frees the workers' copies of `model`; the next call that uses it sends it again. */
  release(model: ExplainableModel): void {
    const modelId = this.modelIds.get(model);
    if (modelId === undefined) return;
    this.modelIds.delete(model);
    this.models.delete(modelId);
    for (const slot of this.slots) {
      if (!slot.loaded.delete(modelId)) continue;
      slot.post({ type: 'release', modelId });
      if (!slot.current) slot.idle();
    }
  }

  /**
   * Terminates worker `index` as a crash would: a replacement starts and the batch it was running runs
   * again. For fault-injection tests and for freeing a worker's memory.
   */
  async kill(index: number): Promise<void> {
    const slot = this.slots[index];
    if (!slot) throw new WorkerPoolError(`There is no worker ${index}; the pool has ${this.size}.`);
    await slot.worker.terminate();
  }

  /** Stops every worker; calls still running reject with `WorkerPoolError`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.fail('The worker pool was closed while this call was running.');
    await Promise.all(this.slots.map((s) => s.close()));
  }

  private idOf(model: ExplainableModel): number {
    let id = this.modelIds.get(model);
    if (id === undefined) {
      id = this.nextId++;
      this.modelIds.set(model, id);
      const exported = exportModel(model);
      this.models.set(id, exported);
      exported.catch(() => {
        this.models.delete(id as number);
        this.modelIds.delete(model);
      });
    }
    return id;
  }

  private fail(message: string): WorkerPoolError {
    this.failure ??= new WorkerPoolError(message);
    for (const job of [...this.queue, ...this.slots.map((s) => s.current)])
      job?.settle({ error: this.failure });
    return this.failure;
  }

  private startSlot(onReady?: (error?: string) => void): WorkerSlot<PendingJob> {
    const setup = this.options.setup;
    return new WorkerSlot<PendingJob>(
      this.options.backend ?? 'wasm',
      setup === undefined ? null : setup instanceof URL ? setup.href : setup,
      {
        ready: (_slot, error) => {
          if (onReady) onReady(error);
          else if (error) this.fail(`A replacement worker could not start its backend: ${error}`);
          this.dispatch();
        },
        message: (slot, message) => this.receive(slot, message),
        died: (slot, reason) => this.replace(slot, reason),
      },
    );
  }

  private receive(slot: WorkerSlot<PendingJob>, message: FromWorker): void {
    if (message.type === 'memory') {
      this.memoryReplies.get(message.id)?.({ numTensors: message.numTensors, numBytes: message.numBytes });
      this.memoryReplies.delete(message.id);
      if (!slot.current) slot.idle();
      return;
    }
    if (message.type !== 'result' && message.type !== 'error') return;
    const job = slot.current;
    slot.current = null;
    slot.idle();
    if (message.type === 'result') {
      this.stats.batches++;
      job?.settle({ output: message.output });
    } else {
      const { name, message: text } = message.error;
      job?.settle({ error: new WorkerPoolError(`A worker failed on a batch: ${name}: ${text}`) });
    }
    this.dispatch();
  }

  /** A worker died: start another in its place and run its batch again (once more at most). */
  private replace(slot: WorkerSlot<PendingJob>, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    const job = slot.current;
    slot.current = null;
    this.slots[index] = this.startSlot();
    this.stats.workersReplaced++;
    if (job && !job.done) {
      job.deaths++;
      if (job.deaths >= MAX_DEATHS_PER_JOB)
        job.settle({
          error: new WorkerPoolError(
            `Two workers died running the same batch (last: ${reason}); it may need more memory than a worker has. Lower batchSize.`,
          ),
        });
      else {
        this.stats.batchesRerun++;
        this.queue.unshift(job);
      }
    }
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (!slot.isReady || slot.current) continue;
      const job = this.queue.shift();
      if (!job) return;
      this.start(slot, job);
    }
  }

  private start(slot: WorkerSlot<PendingJob>, job: PendingJob): void {
    const { modelId } = job.message;
    slot.current = job;
    if (!slot.loaded.has(modelId)) {
      slot.loaded.add(modelId);
      slot.post({ type: 'load', modelId, model: job.model });
    }
    slot.post(job.message);
  }
}

/**
 * Starts a {@link WorkerPool} and waits until every worker runs its backend. Rejects with
 * `WorkerPoolError` (and stops the workers) when one cannot start.
 */
export async function createWorkerPool(options: WorkerPoolOptions = {}): Promise<WorkerPool> {
  const pool = new WorkerPool(options);
  try {
    await pool.whenReady();
    return pool;
  } catch (err) {
    await pool.close();
    throw err;
  }
}
