import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { openQueue, type QueueAddress } from './connection.js';
import { jobLabel, loadManifest, type ManifestJob, type RunManifest } from './manifest.js';
import { openResultStore } from './result-store.js';

/** A job that cannot finish, with the error it last failed with. */
export interface FailedJob {
  id: string;
  label: string;
  error: string;
}

/** Where a run stands. */
export interface RunStatus {
  runId: string;
  command: RunManifest['request']['command'];
  createdAt: string;
  jobs: number;
  /** Jobs whose results are all stored. */
  done: number;
  /** Jobs being computed right now. */
  running: number;
  /** Jobs waiting for a worker (or for a retry). */
  waiting: number;
  /** Jobs that failed for good (bad input, or out of retries); the run cannot complete without them. */
  failed: FailedJob[];
  /** Distinct results stored, out of the run's distinct content keys. */
  results: { stored: number; total: number };
  /** Whether every result is stored (collect will succeed). */
  complete: boolean;
}

const GONE =
  'its results are missing and the job is no longer queued (were results deleted?); enqueue the run again to recompute them';

type JobState = 'done' | 'running' | 'waiting' | { error: string };

async function stateOf(
  job: ManifestJob,
  queue: Queue,
  has: (keys: string[]) => Promise<boolean>,
): Promise<JobState> {
  const queued: Job | undefined = await queue.getJob(job.id);
  const state = queued ? await queued.getState() : 'gone';
  if (state === 'active') return 'running';
  if (state === 'failed') return { error: queued?.failedReason || 'failed' };
  if (state !== 'completed' && state !== 'gone') return 'waiting';
  // A job leaves the queue once its results are stored: they may have arrived since the first look.
  return (await has(job.keys)) ? 'done' : { error: GONE };
}

/** A run's status, and the content keys still missing (collect names them). */
export async function statusOf(
  redis: Redis,
  queue: Queue,
  address: QueueAddress,
  manifest: RunManifest,
): Promise<RunStatus & { missing: string[] }> {
  const results = openResultStore(manifest.store, redis, address);
  // Equal examples (duplicate files) share keys, so keys are counted once.
  const keys = [...new Set(manifest.jobs.flatMap((j) => j.keys))];
  const flags = await results.has(keys);
  const present = new Set(keys.filter((_, i) => flags[i]));
  const has = async (some: string[]) => {
    const now = await results.has(some);
    for (const [i, k] of some.entries()) if (now[i]) present.add(k);
    return now.every(Boolean);
  };
  const open = manifest.jobs.filter((j) => !j.keys.every((k) => present.has(k)));
  let running = 0;
  let waiting = 0;
  const failed: FailedJob[] = [];
  // Job states in parallel batches: one round trip at a time would make status slow on large runs.
  for (let i = 0; i < open.length; i += 100) {
    const batch = open.slice(i, i + 100);
    const states = await Promise.all(batch.map((job) => stateOf(job, queue, has)));
    states.forEach((state, k) => {
      if (state === 'running') running++;
      else if (state === 'waiting') waiting++;
      else if (state !== 'done') {
        const job = batch[k];
        failed.push({ id: job.id, label: jobLabel(job, manifest.request.command), error: state.error });
      }
    });
  }
  const missing = keys.filter((k) => !present.has(k));
  return {
    runId: manifest.runId,
    command: manifest.request.command,
    createdAt: manifest.createdAt,
    jobs: manifest.jobs.length,
    done: manifest.jobs.filter((j) => j.keys.every((k) => present.has(k))).length,
    running,
    waiting,
    failed,
    results: { stored: present.size, total: keys.length },
    complete: missing.length === 0,
    missing,
  };
}

/** Where a queued run stands: jobs done, running, waiting and failed (with their errors), results stored. */
export async function runStatus(runId: string, address: QueueAddress): Promise<RunStatus> {
  const { redis, queue, close } = await openQueue(address);
  try {
    const { missing: _missing, ...status } = await statusOf(
      redis,
      queue,
      address,
      await loadManifest(redis, address, runId),
    );
    return status;
  } finally {
    await close();
  }
}
