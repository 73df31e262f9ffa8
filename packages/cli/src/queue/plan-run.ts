import { applyParams, getExplainer, type ParamsSchema } from '@loupe/core';
import { getEvaluator } from '@loupe/eval';
import { planEvaluate } from '../commands/evaluate.js';
import { planExplain } from '../commands/explain.js';
import { planPrototypes } from '../commands/prototypes.js';
import type { DataSpec } from '../input/dataset.js';
import { exampleIds } from '../input/example-ids.js';
import type { Task } from '../workers/protocol.js';
import { isSampledMethod } from '../workers/tasks/explain-chunk.js';
import { contentKey } from './content-key.js';
import {
  type JobData,
  jobLabel,
  LOUPE_VERSION,
  type ManifestJob,
  type RunManifest,
  type RunRequest,
} from './manifest.js';
import { modelFingerprint } from './model-fingerprint.js';
import type { StoreSpec } from './result-store.js';

/** A planned job: its manifest entry and the payload its BullMQ job carries. */
export interface PlannedJob {
  entry: ManifestJob;
  data: JobData;
}

/**
 * Options with every default filled in (so `--opt steps=50` and the default 50 give one key), minus
 * `seed`, which the run's seed sets.
 */
function resolved(params: ParamsSchema, given: Record<string, unknown> | undefined): Record<string, unknown> {
  const { seed: _seed, ...rest } = applyParams(params, { ...given });
  return rest;
}

/**
 * A job's own copy of a task: a file list holds only its chunk's files (rebased to 0), so a job's
 * payload stays small however large the data set is.
 */
function ownTask<T extends Task>(task: T): T {
  if (task.data.kind !== 'files') return task;
  const data: DataSpec = { kind: 'files', files: task.data.files.slice(task.start, task.end) };
  return { ...task, data, start: 0, end: task.end - task.start };
}

const range = (start: number, end: number) => Array.from({ length: end - start }, (_, k) => start + k);

/**
 * Splits a run into jobs (a chunk × one method for explain, a chunk × one method × one metric for
 * evaluate, a chunk for the prototypes embedding) and derives every result's content key: the model
 * files' hash, the method or metric with its resolved options, the backend family, the preprocessing,
 * the example's id (and the seeds that apply). Loads the model and reads every file to hash them.
 */
export async function planRun(
  request: RunRequest,
  runId: string,
  store: StoreSpec,
): Promise<{ manifest: RunManifest; jobs: PlannedJob[] }> {
  const flags = request.flags;
  const modelHash = flags.model === null ? null : await modelFingerprint(flags.model);
  const common = {
    v: 1,
    loupe: LOUPE_VERSION,
    model: modelHash,
    backend: flags.backend,
    preprocess: flags.preprocess,
  };
  // Tasks keep --backend as given (`auto` too): each worker activates it itself, as in the content key.
  const runtime = { backend: flags.backend };
  const jobs: PlannedJob[] = [];
  const add = (task: Task, keys: string[], extra: Pick<ManifestJob, 'method' | 'metric'> = {}) => {
    const id = `${runId}-${jobs.length}`;
    const entry: ManifestJob = { id, chunk: task.chunk, start: task.start, end: task.end, ...extra, keys };
    const label = jobLabel(entry, request.command);
    const data: JobData = { runId, label, loupe: LOUPE_VERSION, task: ownTask(task), keys, modelHash, store };
    jobs.push({ entry, data });
  };
  let data: DataSpec;
  let layer: string | null = null;
  if (request.command === 'explain') {
    const f = request.flags;
    const plan = await planExplain(f, runtime);
    data = plan.data;
    const ids = await exampleIds(data);
    for (const task of plan.tasks) {
      for (const method of f.methods) {
        const parts = {
          ...common,
          kind: 'explain',
          method,
          options: resolved(getExplainer(method).params, plan.methodOptions[method]),
          target: f.target,
          seed: isSampledMethod(method, plan.methodOptions[method]) ? f.seed : null,
          png: task.withPng ? { scale: task.scale, render: task.render } : null,
          values: task.withValues,
          // A lone example keeps its meta arrays whole; one of a larger chunk gets its own entries.
          perExampleMeta: task.end - task.start > 1,
        };
        const keys = range(task.start, task.end).map((i) => contentKey({ ...parts, example: ids[i] }));
        add({ ...task, methods: [method], methodOptions: { [method]: plan.methodOptions[method] } }, keys, {
          method,
        });
      }
    }
  } else if (request.command === 'evaluate') {
    const f = request.flags;
    const plan = await planEvaluate(f, runtime);
    data = plan.data;
    const ids = await exampleIds(data);
    for (const task of plan.tasks) {
      for (const method of f.methods) {
        for (const metric of plan.metrics) {
          const key = contentKey({
            ...common,
            kind: 'evaluate',
            method,
            options: resolved(getExplainer(method).params, task.methodOptions[method]),
            metric,
            metricOptions: resolved(getEvaluator(metric).params, task.metricOptions[metric]),
            target: f.target,
            // evaluateChunk seeds chunk k with seed + k.
            seed: f.seed + task.chunk,
            examples: ids.slice(task.start, task.end),
          });
          const own = {
            ...task,
            methods: [method],
            metrics: [metric],
            methodOptions: { [method]: task.methodOptions[method] },
            metricOptions: { [metric]: task.metricOptions[metric] },
          };
          add(own, [key], { method, metric });
        }
      }
    }
  } else {
    const plan = await planPrototypes(request.flags, runtime);
    data = plan.data;
    layer = plan.layer;
    const ids = await exampleIds(data);
    for (const task of plan.tasks) {
      const keys = range(task.start, task.end).map((i) =>
        contentKey({ ...common, kind: 'embed', layer, example: ids[i] }),
      );
      add(task, keys);
    }
  }
  const manifest: RunManifest = {
    version: 1,
    runId,
    loupe: LOUPE_VERSION,
    createdAt: new Date().toISOString(),
    request,
    data,
    layer,
    modelHash,
    store,
    jobs: jobs.map((j) => j.entry),
  };
  return { manifest, jobs };
}
