import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { errorCode, UsageError } from '../exit-codes.js';
import { encodeResult } from './codec.js';
import {
  bullConnection,
  DEFAULT_PREFIX,
  openRedis,
  QUEUE_NAME,
  type QueueAddress,
  redisKey,
} from './connection.js';
import { type JobData, LOUPE_VERSION } from './manifest.js';
import { ModelCheck } from './model-check.js';
import { openResultStore } from './result-store.js';
import { isLoupeCode, storedResults, transientFailure } from './stored-results.js';
import { TaskThread } from './task-thread.js';

/** Options of {@link runWorker}. */
export interface WorkerOptions extends QueueAddress {
  /**
   * Milliseconds a job's lock lasts; the worker renews it every half of that while it computes. A
   * worker that does not renew it in time (killed, frozen, cut off) is presumed dead and its job is
   * handed to another worker. Default 30,000; keep it well above the longest pause of a computation.
   */
  lockMs?: number;
  /** Milliseconds between this worker's checks for jobs of dead workers (default 30,000). */
  stallMs?: number;
  /** Times a job may be taken back from a dead worker before it is failed (default 2). */
  maxStalled?: number;
  /** This worker's name in BullMQ and in events (default `host:pid`). */
  name?: string;
  /** Silences tfjs's and the backends' console messages in the compute thread (default false). */
  quiet?: boolean;
  /** Called as jobs start, finish and fail. */
  onEvent?(event: WorkerEvent): void;
}

/** What a worker reports. */
export type WorkerEvent =
  | { type: 'started'; jobId: string; runId: string; label: string; attempt: number; recovered: boolean }
  | { type: 'completed'; jobId: string; runId: string; label: string; millis: number }
  | { type: 'failed'; jobId: string; runId: string; label: string; error: string; retry: boolean }
  | { type: 'error'; error: string };

/** How long stop() waits, after the last job finished, for BullMQ to acknowledge it and close. */
const ACK_GRACE_MS = 3000;

/** Jobs a worker finished and failed. */
export interface WorkerSummary {
  completed: number;
  failed: number;
}

/** A running worker. */
export interface QueueWorker {
  /** Takes no more jobs, lets the current one finish, and disconnects. */
  stop(): Promise<WorkerSummary>;
}

/** Bad input (a corrupt image, a wrong option) fails the same way on every try, so it is not retried. */
const isDeterministic = (error: unknown) => isLoupeCode(errorCode(error));

/**
 * Processes queued Loupe jobs, one at a time, until stopped: loads the model and data a job names,
 * runs the chunk with the CLI's own code, writes every result under its content key (durably, before
 * the job is acknowledged), then takes the next job. Run one per core on as many machines as you like;
 * each must reach Redis and read the runs' models and data at the same paths or URLs.
 */
export async function runWorker(options: WorkerOptions): Promise<QueueWorker> {
  const redis = await openRedis(options);
  const emit = options.onEvent ?? (() => {});
  const thread = new TaskThread();
  const models = new ModelCheck(() => thread.restart());
  const summary: WorkerSummary = { completed: 0, failed: 0 };
  // When each job started (by id), for the duration reported once BullMQ has recorded its outcome.
  const started = new Map<string, number>();

  // The job being computed, if any (stop waits for it).
  let current: Promise<unknown> | null = null;
  const processJob = (job: Job<JobData>, token?: string, signal?: AbortSignal) => {
    const run = computeJob(job, token, signal);
    current = run.catch(() => {});
    return run;
  };
  const computeJob = async (job: Job<JobData>, _token?: string, signal?: AbortSignal) => {
    const d = job.data;
    const jobId = job.id ?? '';
    started.set(jobId, performance.now());
    emit({
      type: 'started',
      jobId,
      runId: d.runId,
      label: d.label,
      attempt: job.attemptsStarted,
      recovered: job.stalledCounter > 0 || job.attemptsStarted > job.attemptsMade + 1,
    });
    try {
      if (d.loupe !== LOUPE_VERSION) {
        throw new UsageError(
          `Run ${d.runId} was enqueued by Loupe ${d.loupe}; this worker runs ${LOUPE_VERSION}. Run workers of the same version.`,
        );
      }
      if (d.task.model !== null) await models.verify(d.task.model, d.modelHash);
      let reported = 0;
      const onFraction = (f: number) => {
        if (performance.now() - reported < 1000) return;
        reported = performance.now();
        job.updateProgress(Math.round(f * 100)).catch(() => {});
      };
      // --quiet is the worker's own: the enqueuing machine's says nothing about this one's console.
      const task = { ...d.task, quiet: options.quiet === true };
      const result = await thread.run(task, onFraction, signal);
      const transient = transientFailure(d.task, result);
      if (transient) throw new Error(transient);
      const stored = storedResults(d.task, result);
      if (stored.length !== d.keys.length)
        throw new Error(`Job ${jobId} produced ${stored.length} results for ${d.keys.length} keys.`);
      await openResultStore(d.store, redis, options).put(
        stored.map((s, i) => ({ key: d.keys[i], bytes: encodeResult(s.value) })),
      );
      const timings = stored.flatMap((s, i) => (s.millis === null ? [] : [d.keys[i], String(s.millis)]));
      if (timings.length > 0) await redis.hset(redisKey(options, 'millis'), ...timings);
      return { results: d.keys.length };
    } catch (error) {
      if (!isDeterministic(error)) throw error;
      throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
    }
  };

  const worker = new Worker<JobData>(QUEUE_NAME, processJob, {
    connection: bullConnection(options),
    prefix: options.prefix ?? DEFAULT_PREFIX,
    name: options.name ?? `${hostname()}:${process.pid}`,
    concurrency: 1,
    lockDuration: options.lockMs ?? 30_000,
    stalledInterval: options.stallMs ?? 30_000,
    maxStalledCount: options.maxStalled ?? 2,
  });
  worker.on('error', (error) => emit({ type: 'error', error: error.message }));
  // Outcomes are reported once BullMQ has recorded them (a 'failed' job is in the failed or retry set).
  const took = (id: string) => performance.now() - (started.get(id) ?? performance.now());
  worker.on('completed', (job) => {
    const jobId = job.id ?? '';
    summary.completed++;
    emit({ type: 'completed', jobId, runId: job.data.runId, label: job.data.label, millis: took(jobId) });
    started.delete(jobId);
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const jobId = job.id ?? '';
    const retry = !(error instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1);
    if (!retry) summary.failed++;
    emit({
      type: 'failed',
      jobId,
      runId: job.data.runId,
      label: job.data.label,
      error: error.message,
      retry,
    });
    started.delete(jobId);
  });
  try {
    await worker.waitUntilReady();
  } catch (error) {
    await worker.close(true);
    await thread.restart();
    redis.disconnect();
    throw error;
  }
  return {
    async stop() {
      const closing = worker.close();
      // BullMQ's close also waits for its blocking connection to end, which can hang after a Redis
      // restart. Once the current job has finished and had time to be acknowledged, nothing is lost
      // by forcing it (an unacknowledged job would be taken over, and rewrite the same results).
      const settled = await Promise.race([
        closing.then(() => true),
        (current ?? Promise.resolve()).then(() => delay(ACK_GRACE_MS)).then(() => false),
      ]);
      if (!settled) await Promise.race([worker.close(true), delay(ACK_GRACE_MS)]);
      await thread.restart();
      redis.disconnect();
      return { ...summary };
    },
  };
}
