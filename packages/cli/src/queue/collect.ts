import { dirname, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { type EvaluateResult, writeEvaluation } from '../commands/evaluate.js';
import { type ExplainOutput, writeExplanation } from '../commands/explain.js';
import { type PrototypeResult, selectPrototypes } from '../commands/prototypes.js';
import { exampleLabels, exampleNames } from '../input/dataset.js';
import { uniqueStems } from '../output/file-names.js';
import { checkOutputDir } from '../output/output-path.js';
import type { EmbedResult } from '../workers/protocol.js';
import { decodeResult } from './codec.js';
import { openQueue, type QueueAddress, redisKey } from './connection.js';
import { IncompleteRunError } from './errors.js';
import { jobLabel, loadManifest, type ManifestJob, type RunManifest } from './manifest.js';
import { ensurePlanningBackend } from './planning-backend.js';
import { openResultStore, type ResultStore } from './result-store.js';
import { type RunStatus, statusOf } from './status.js';
import {
  restoreCell,
  restoreExplanation,
  type StoredCell,
  type StoredEmbedding,
  type StoredExplanation,
} from './stored-results.js';

/** Options of {@link collectRun}. */
export interface CollectOptions extends QueueAddress {
  /** Output folder (explain, prototypes) or report path (evaluate); default: the enqueued run's --out. */
  out?: string;
  /** After writing, delete the run's manifest, results and timings from the queue. */
  deleteAfter?: boolean;
  signal?: AbortSignal;
}

/** What {@link collectRun} wrote: the result the local command would have returned. */
export type CollectResult =
  | { command: 'explain'; result: ExplainOutput[] }
  | { command: 'evaluate'; result: EvaluateResult }
  | { command: 'prototypes'; result: PrototypeResult };

/** Reads one job's results and timings. */
async function readJob<T>(
  job: ManifestJob,
  store: ResultStore,
  redis: Redis,
  address: QueueAddress,
): Promise<{ values: T[]; millis: (number | null)[] }> {
  const bytes = await store.get(job.keys);
  const times = await redis.hmget(redisKey(address, 'millis'), ...job.keys);
  return {
    values: bytes.map((b, k) => {
      if (!b)
        throw new IncompleteRunError(`The result ${job.keys[k]} disappeared while collecting.`, [
          job.keys[k],
        ]);
      return decodeResult<T>(b);
    }),
    millis: times.map((t) => (t === null ? null : Number(t))),
  };
}

function incomplete(manifest: RunManifest, status: RunStatus & { missing: string[] }): IncompleteRunError {
  const where = new Map<string, string>();
  for (const job of manifest.jobs)
    for (const key of job.keys) where.set(key, jobLabel(job, manifest.request.command));
  const shown = status.missing.slice(0, 5).map((k) => `${k.slice(0, 16)}… (${where.get(k)})`);
  const more =
    status.missing.length > shown.length ? `, and ${status.missing.length - shown.length} more` : '';
  const failures = status.failed.slice(0, 5).map((f) => `${f.label}: ${f.error}`);
  return new IncompleteRunError(
    `Run ${manifest.runId} is not complete: ${status.missing.length} of ${status.results.total} results are missing ` +
      `(${status.done}/${status.jobs} jobs done, ${status.running} running, ${status.waiting} waiting, ${status.failed.length} failed). ` +
      `Missing: ${shown.join('; ')}${more}.` +
      (failures.length ? ` Failed: ${failures.join('; ')}.` : '') +
      ' Wait for the workers (loupe status), or fix the failed inputs and enqueue the run again: results already stored are reused.',
    status.missing,
  );
}

async function writeOutputs(
  manifest: RunManifest,
  store: ResultStore,
  redis: Redis,
  options: CollectOptions,
): Promise<CollectResult> {
  const { request, data, jobs } = manifest;
  const read = <T>(job: ManifestJob) => readJob<T>(job, store, redis, options);
  const signal = options.signal ?? new AbortController().signal;
  if (request.command === 'explain') {
    const flags = { ...request.flags, out: options.out ?? request.flags.out };
    await checkOutputDir(flags.out, '-o');
    const names = exampleNames(data);
    const stems = uniqueStems(names);
    const outputs: ExplainOutput[] = [];
    for (const job of jobs) {
      signal.throwIfAborted();
      const { values, millis } = await read<StoredExplanation>(job);
      for (const [k, stored] of values.entries()) {
        const item = restoreExplanation(stored, names[job.start + k], millis[k]);
        outputs.push(await writeExplanation(item, stems[job.start + k], flags));
      }
    }
    return { command: 'explain', result: outputs };
  }
  if (request.command === 'evaluate') {
    const flags = { ...request.flags, out: options.out ?? request.flags.out };
    await checkOutputDir(dirname(resolve(flags.out)), '--out');
    const chunks = [...new Set(jobs.map((j) => j.chunk))];
    const tables = [];
    const sizes: number[] = [];
    for (const chunk of chunks) {
      const own = jobs.filter((j) => j.chunk === chunk);
      const cells = [];
      for (const job of own) {
        const { values, millis } = await read<StoredCell>(job);
        cells.push(restoreCell(values[0], millis[0]));
      }
      const metrics = cells.filter((c) => c.methods[0] === own[0].method).map((c) => c.metrics[0]);
      // The chunk's table, as evaluateChunk would have returned it for every method and metric at once.
      tables.push({
        ...cells[0],
        methods: request.flags.methods,
        metrics,
        cells: cells.map((c) => c.cells[0]),
      });
      sizes.push(own[0].end - own[0].start);
    }
    return { command: 'evaluate', result: await writeEvaluation(tables, sizes, flags) };
  }
  const flags = { ...request.flags, out: options.out ?? request.flags.out };
  await checkOutputDir(flags.out, '-o');
  await ensurePlanningBackend();
  const chunks: EmbedResult[] = [];
  for (const job of jobs) {
    const { values } = await read<StoredEmbedding>(job);
    const dim = values[0].row.length;
    const rows = new Float32Array(values.length * dim);
    for (const [k, v] of values.entries()) rows.set(v.row, k * dim);
    const labels = await exampleLabels(data, job.start, job.end);
    chunks.push({ rows, dim, names: exampleNames(data, job.start, job.end), ...(labels ? { labels } : {}) });
  }
  return {
    command: 'prototypes',
    result: await selectPrototypes(chunks, { layer: manifest.layer, data }, flags, signal),
  };
}

/**
 * Gathers a queued run's results into exactly the files, JSON and report the local command writes
 * (timings aside), failures the local run records included (a method that cannot explain the model, a
 * failed evaluation cell). Refuses a run with missing results with an IncompleteRunError that names them,
 * the jobs they belong to and the errors of failed jobs.
 */
export async function collectRun(runId: string, options: CollectOptions): Promise<CollectResult> {
  const { redis, queue, close } = await openQueue(options);
  try {
    const manifest = await loadManifest(redis, options, runId);
    const status = await statusOf(redis, queue, options, manifest);
    if (!status.complete) throw incomplete(manifest, status);
    const store = openResultStore(manifest.store, redis, options);
    const written = await writeOutputs(manifest, store, redis, options);
    if (options.deleteAfter) {
      const keys = [...new Set(manifest.jobs.flatMap((j) => j.keys))];
      await store.remove(keys);
      await redis.hdel(redisKey(options, 'millis'), ...keys);
      await redis.del(redisKey(options, 'run', runId));
    }
    return written;
  } finally {
    await close();
  }
}
