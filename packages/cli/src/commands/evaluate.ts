import { basename, dirname, extname, join, resolve } from 'node:path';
import { getExplainer, OptionError } from '@loupe/core';
import { type EvaluationTable, failedCells, getEvaluator } from '@loupe/eval';
import { PartialFailureError, UsageError } from '../exit-codes.js';
import { type DataSpec, dataSize, resolveData } from '../input/dataset.js';
import { parsePluginOptions } from '../input/plugin-options.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { jsonSafe } from '../output/json-safe.js';
import { checkOutputDir } from '../output/output-path.js';
import { htmlReport } from '../report/html-report.js';
import { markdownReport } from '../report/markdown-report.js';
import { mergeTables } from '../report/merge-tables.js';
import { runTasks } from '../workers/pool.js';
import type { EvaluateTask, TaskRuntime } from '../workers/protocol.js';
import { checkTargetFor, modelFor, prepareRuntime } from '../workers/runtime.js';
import {
  type CommandContext,
  chunkRanges,
  type DataSetFlags,
  effectiveWorkers,
  type ModelFlags,
} from './context.js';

/** Metric names the CLI accepts besides registered ids: `sanity` is the model-randomization check. */
export const METRIC_ALIASES: Readonly<Record<string, string>> = { sanity: 'model-randomization' };

/** Flags of `loupe evaluate`. */
export interface EvaluateFlags extends ModelFlags, DataSetFlags {
  data: string[];
  limit?: number;
  methods: string[];
  metrics: string[];
  target: number | 'predicted';
  seed: number;
  /** Report path: `.md` (with SVG charts beside it) or `.html` (charts inline); a `.json` of the table is written beside it. */
  out: string;
  opts: string[];
  metricOpts: string[];
  /** The command line, quoted in the report. */
  command: string;
}

/** What `loupe evaluate` wrote and computed. */
export interface EvaluateResult {
  table: EvaluationTable;
  files: string[];
}

function checkReportPath(out: string): 'md' | 'html' {
  const ext = extname(out).toLowerCase();
  if (ext === '.md') return 'md';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new UsageError(`--out names the report: a .md or .html file (e.g. --out report.html); got '${out}'.`);
}

/**
 * Throws `PartialFailureError` (exit status 1) listing the method × metric cells that failed, once the
 * report with every other cell is written and printed.
 */
export function throwIfCellsFailed(table: EvaluationTable): void {
  const failed = failedCells(table);
  if (failed.length === 0) return;
  throw new PartialFailureError(
    `${failed.length} of ${table.cells.length} method × metric cell(s) failed`,
    failed.map((c) => `${c.method} × ${c.metric}: ${c.error?.name}: ${c.error?.message}`),
  );
}

/** What an evaluate run will do: report format, resolved metric ids, data, chunk sizes and tasks. */
export interface EvaluatePlan {
  format: 'md' | 'html';
  /** Metric ids with aliases resolved (`sanity` → `model-randomization`). */
  metrics: string[];
  data: DataSpec;
  /** Examples per chunk, in chunk order (the weights of the merge). */
  sizes: number[];
  /** One task per chunk, each with every method and metric. */
  tasks: EvaluateTask[];
}

/**
 * Checks the report path, methods, metrics, their options, the model and the data of an evaluate run
 * and splits it into chunk tasks, which carry `runtime` (backend and --quiet). Needs a tfjs backend to load
 * the model with (the caller activates one).
 */
export async function planEvaluate(flags: EvaluateFlags, runtime: TaskRuntime): Promise<EvaluatePlan> {
  const format = checkReportPath(flags.out);
  const metrics = flags.metrics.map((m) => METRIC_ALIASES[m] ?? m);
  const metricPlugins = metrics.map((id) => getEvaluator(id));
  const methodPlugins = flags.methods.map((id) => getExplainer(id));
  const methodOptions = parsePluginOptions(flags.opts, methodPlugins);
  const metricOptions = parsePluginOptions(flags.metricOpts, metricPlugins, '--metric-opt');
  checkTargetFor(await modelFor(flags.model), flags.target);
  const data = await resolveData(flags.data, flags.limit);
  const labelled = data.kind === 'mnist-samples' || data.files.every((f) => f.label !== undefined);
  for (const p of metricPlugins) {
    for (const need of p.requires ?? []) {
      if (need === 'labels' && labelled) continue;
      throw new OptionError(
        `Metric "${p.id}" needs ${need === 'labels' ? 'labelled data (mnist-samples, or class-named sub-folders)' : `data.${need}`}, which this run does not have; pick another metric.`,
      );
    }
  }
  const ranges = chunkRanges(dataSize(data), flags.batchSize);
  const tasks: EvaluateTask[] = ranges.map((r) => ({
    kind: 'evaluate',
    ...r,
    model: flags.model,
    data,
    preprocess: flags.preprocess,
    ...runtime,
    methods: flags.methods,
    metrics,
    methodOptions,
    metricOptions,
    target: flags.target,
    seed: flags.seed,
  }));
  return { format, metrics, data, sizes: ranges.map((r) => r.end - r.start), tasks };
}

/**
 * Merges the chunks' tables (weighted by their example counts) and writes the report and its JSON.
 * Local runs and `loupe collect` both write through here.
 */
export async function writeEvaluation(
  tables: readonly EvaluationTable[],
  sizes: readonly number[],
  flags: Pick<EvaluateFlags, 'out' | 'seed' | 'model' | 'data' | 'target' | 'command'>,
): Promise<EvaluateResult> {
  const format = checkReportPath(flags.out);
  const table = { ...mergeTables(tables, sizes), seed: flags.seed };
  const info = {
    table,
    model: flags.model,
    data: flags.data.join(' '),
    target: flags.target,
    command: flags.command,
  };
  const out = resolve(flags.out);
  const stem = basename(out, extname(out));
  const files: [string, string][] = [
    [join(dirname(out), `${stem}.json`), `${JSON.stringify(jsonSafe(table), null, 1)}\n`],
  ];
  if (format === 'md') {
    const report = markdownReport(info, stem);
    for (const [name, svg] of report.charts) files.push([join(dirname(out), name), svg]);
    files.push([out, report.markdown]);
  } else {
    files.push([out, htmlReport(info)]);
  }
  for (const [path, text] of files) await writeFileAtomic(path, text);
  return { table, files: files.map(([p]) => p) };
}

/**
 * `loupe evaluate`: scores methods × metrics on a data set, chunk by chunk (--batch-size examples each,
 * chunk k seeded with --seed + k) on --workers threads, and merges the chunks into one table weighted by
 * their example counts. Writes the report and its JSON when everything is done, so an interrupted run
 * leaves no report. The report's folder is checked before any work; a cell that fails is recorded in the
 * table (and the report) while every other cell is kept.
 */
export async function runEvaluate(flags: EvaluateFlags, ctx: CommandContext): Promise<EvaluateResult> {
  checkReportPath(flags.out);
  await checkOutputDir(dirname(resolve(flags.out)), '--out');
  const backend = await prepareRuntime(flags.backend);
  const { metrics, data, sizes, tasks } = await planEvaluate(flags, { backend, quiet: ctx.quiet });
  const workers = effectiveWorkers(flags, backend, tasks.length);
  ctx.progress.note(
    `Evaluating ${flags.methods.join(', ')} × ${metrics.join(', ')} on ${dataSize(data)} example(s), ${backend}, ${workers} worker(s).`,
  );
  ctx.progress.start(dataSize(data), 'evaluate');
  let tables: EvaluationTable[];
  try {
    tables = await runTasks(tasks, {
      workers,
      signal: ctx.signal,
      onProgress: (d) => ctx.progress.update(d),
    });
  } finally {
    ctx.progress.stop();
  }
  return writeEvaluation(tables, sizes, flags);
}
