import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { openQueue, type QueueAddress } from './connection.js';
import { type RunRequest, saveManifest } from './manifest.js';
import { planRun } from './plan-run.js';
import { ensurePlanningBackend } from './planning-backend.js';
import { openResultStore, type StoreSpec } from './result-store.js';

/** Options of {@link enqueueRun}. */
export interface EnqueueOptions extends QueueAddress {
  /** Keep results as files in this folder (shared by every machine) instead of in Redis. */
  resultsDir?: string;
  /** Jobs added per round trip (default 200). */
  batch?: number;
  /** Backpressure: wait while more than this many jobs wait in the queue (default 10,000). */
  maxWaiting?: number;
  /** Tries per job for errors that may pass (a lost connection, a full disk); default 3. Bad input fails at once. */
  attempts?: number;
  /** Stops enqueueing (jobs already added stay queued). */
  signal?: AbortSignal;
  /** Called after each batch: jobs added so far, and how many wait in the queue. */
  onProgress?(progress: { enqueued: number; total: number; waiting: number }): void;
}

/** What {@link enqueueRun} queued. */
export interface EnqueuedRun {
  runId: string;
  /** Jobs the run has. */
  jobs: number;
  /** Jobs added to the queue. */
  enqueued: number;
  /** Jobs skipped because every result they would write is already stored (same content keys). */
  cached: number;
  /** Results (content keys) the run has. */
  results: number;
}

/** A run id: time-ordered and unique (base-36 milliseconds, 6 random hex digits). */
function newRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/**
 * Queues a data-set run on BullMQ: checks it as the local command would (methods, options, model,
 * data), splits it into jobs, stores the run's manifest, skips jobs whose results are already stored,
 * and adds the rest in bounded batches, waiting while the queue holds more than `maxWaiting` jobs.
 * Workers (`runWorker`, `loupe worker`) on any machine process the jobs; `collectRun` writes the
 * outputs.
 */
export async function enqueueRun(request: RunRequest, options: EnqueueOptions): Promise<EnqueuedRun> {
  await ensurePlanningBackend();
  const store: StoreSpec = options.resultsDir
    ? { kind: 'directory', path: resolve(options.resultsDir) }
    : { kind: 'redis' };
  const { redis, queue, close } = await openQueue(options);
  try {
    const { manifest, jobs } = await planRun(request, newRunId(), store);
    const stored = await openResultStore(store, redis, options).has(jobs.flatMap((j) => j.entry.keys));
    let at = 0;
    const unqueued = jobs.filter((job) => {
      const done = stored.slice(at, at + job.entry.keys.length).every(Boolean);
      at += job.entry.keys.length;
      return !done;
    });
    await saveManifest(redis, options, manifest);
    const batch = options.batch ?? 200;
    const maxWaiting = options.maxWaiting ?? 10_000;
    let enqueued = 0;
    while (enqueued < unqueued.length) {
      options.signal?.throwIfAborted();
      let waiting = await queue.getWaitingCount();
      while (waiting + Math.min(batch, unqueued.length - enqueued) > maxWaiting && waiting > 0) {
        await delay(250, undefined, { signal: options.signal });
        waiting = await queue.getWaitingCount();
      }
      const slice = unqueued.slice(enqueued, enqueued + Math.max(1, Math.min(batch, maxWaiting - waiting)));
      await queue.addBulk(
        slice.map((job) => ({
          name: request.command,
          data: job.data,
          opts: {
            jobId: job.entry.id,
            attempts: options.attempts ?? 3,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: true,
            removeOnFail: false,
          },
        })),
      );
      enqueued += slice.length;
      options.onProgress?.({ enqueued, total: unqueued.length, waiting: waiting + slice.length });
    }
    return {
      runId: manifest.runId,
      jobs: jobs.length,
      enqueued,
      cached: jobs.length - unqueued.length,
      results: jobs.reduce((n, j) => n + j.entry.keys.length, 0),
    };
  } finally {
    await close();
  }
}
