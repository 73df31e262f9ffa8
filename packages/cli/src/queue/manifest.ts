import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { EvaluateFlags } from '../commands/evaluate.js';
import type { ExplainFlags } from '../commands/explain.js';
import type { PrototypeFlags } from '../commands/prototypes.js';
import type { DataSpec } from '../input/dataset.js';
import type { Task } from '../workers/protocol.js';
import { type QueueAddress, redisKey } from './connection.js';
import { UnknownRunError } from './errors.js';
import type { StoreSpec } from './result-store.js';

/** A run to queue: a data-set command and its flags, exactly as the local command takes them. */
export type RunRequest =
  | { command: 'explain'; flags: ExplainFlags }
  | { command: 'evaluate'; flags: EvaluateFlags }
  | { command: 'prototypes'; flags: PrototypeFlags };

/** One job of a run: a chunk of examples × one method (explain), one method × metric cell (evaluate), or one embedding chunk. */
export interface ManifestJob {
  /** BullMQ job id: `<run id>-<index>`. */
  id: string;
  chunk: number;
  /** The examples [start, end) of the data set. */
  start: number;
  end: number;
  method?: string;
  metric?: string;
  /** Content keys of its results: one per example (explain, embed) or one per cell (evaluate). */
  keys: string[];
}

/** Everything `status` and `collect` need to know about a run; stored in Redis as JSON. */
export interface RunManifest {
  version: 1;
  runId: string;
  /** Version of @loupe/cli that enqueued the run; workers of another version refuse its jobs. */
  loupe: string;
  createdAt: string;
  request: RunRequest;
  /** The resolved data set (file list or shipped digits), in the order outputs are written. */
  data: DataSpec;
  /** Resolved layer of a prototypes run (null: raw pixels). */
  layer: string | null;
  /** SHA-256 of the model files (null: no model). */
  modelHash: string | null;
  store: StoreSpec;
  jobs: ManifestJob[];
}

/** What a BullMQ job carries: the task and where its results go. */
export interface JobData {
  runId: string;
  /** What the job does, for progress lines (see jobLabel). */
  label: string;
  loupe: string;
  task: Task;
  keys: string[];
  modelHash: string | null;
  store: StoreSpec;
}

/** The version of this package, part of every content key and checked by workers. */
export const LOUPE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Stores a run's manifest. */
export async function saveManifest(
  redis: Redis,
  address: QueueAddress,
  manifest: RunManifest,
): Promise<void> {
  await redis.set(redisKey(address, 'run', manifest.runId), JSON.stringify(manifest));
}

/** Reads a run's manifest; an UnknownRunError when there is none. */
export async function loadManifest(redis: Redis, address: QueueAddress, runId: string): Promise<RunManifest> {
  const text = await redis.get(redisKey(address, 'run', runId));
  if (text === null) throw new UnknownRunError(runId);
  return JSON.parse(text) as RunManifest;
}

/** A short description of a job for progress lines and errors. */
export function jobLabel(job: ManifestJob, command: RunRequest['command']): string {
  const what = [job.method, job.metric].filter(Boolean).join(' × ');
  const examples =
    job.end - job.start === 1 ? `example ${job.start}` : `examples ${job.start}–${job.end - 1}`;
  return `${command}${what ? ` ${what}` : ''}, ${examples}`;
}
