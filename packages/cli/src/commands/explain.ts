import { join, resolve } from 'node:path';
import { getExplainer } from '@loupe/core';
import { PartialFailureError, UsageError } from '../exit-codes.js';
import { type DataSpec, dataSize, exampleNames, resolveData } from '../input/dataset.js';
import { type OptionsById, parsePluginOptions } from '../input/plugin-options.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { uniqueStems } from '../output/file-names.js';
import { encodeNpy } from '../output/npy.js';
import { checkOutputDir } from '../output/output-path.js';
import type { RenderFlagValues } from '../output/render-flags.js';
import { runTasks } from '../workers/pool.js';
import type { ExplainItem, ExplainTask, SerializedError, TaskRuntime } from '../workers/protocol.js';
import { checkTargetFor, modelFor, prepareRuntime } from '../workers/runtime.js';
import {
  type CommandContext,
  chunkRanges,
  type DataSetFlags,
  effectiveWorkers,
  type ModelFlags,
} from './context.js';

/** Output formats of `loupe explain`. */
export const EXPLAIN_FORMATS = ['png', 'json', 'npy'] as const;

/** Flags of `loupe explain`. */
export interface ExplainFlags extends ModelFlags, DataSetFlags {
  images: string[];
  methods: string[];
  target: number | 'predicted';
  out: string;
  formats: (typeof EXPLAIN_FORMATS)[number][];
  /** Raw `--opt key=value` flags. */
  opts: string[];
  seed: number;
  /** Heatmap upscaling; null: bring the short side to ≥ 224 px. */
  scale: number | null;
  /** --view, --sign, --colormap, --percentile. */
  render?: RenderFlagValues;
}

/** One written explanation, as listed by `--json`. */
export interface ExplainOutput {
  image: string;
  method: string;
  target: number | null;
  predicted: number;
  score: number | null;
  /** Whether the image was inverted (`--invert`, or detected dark-on-light for a 1-channel model). */
  inverted: boolean;
  files: string[];
  /** Why this method failed on this image (no files were written for it). */
  error?: SerializedError;
}

/**
 * Throws `PartialFailureError` (exit status 1) listing the methods that failed and on which images, once
 * the results of the others are written and printed.
 */
export function throwIfSomeFailed(outputs: readonly ExplainOutput[]): void {
  const failed = new Map<string, { images: string[]; error: SerializedError }>();
  for (const o of outputs) {
    if (!o.error) continue;
    const key = `${o.method}\u0000${o.error.name}: ${o.error.message}`;
    const entry = failed.get(key) ?? { images: [], error: o.error };
    entry.images.push(o.image);
    failed.set(key, entry);
  }
  if (failed.size === 0) return;
  const lines = [...failed.entries()].map(([key, { images, error }]) => {
    const method = key.slice(0, key.indexOf('\u0000'));
    const which =
      images.length > 3
        ? `${images.slice(0, 3).join(', ')} and ${images.length - 3} more`
        : images.join(', ');
    return `${method} on ${which}: ${error.name}: ${error.message}`;
  });
  const count = outputs.filter((o) => o.error).length;
  throw new PartialFailureError(`${count} of ${outputs.length} explanation(s) failed`, lines);
}

/** Parses `--format png,json,npy`. */
export function parseFormats(text: string): ExplainFlags['formats'] {
  const formats = text.split(',').map((f) => f.trim());
  const bad = formats.filter((f) => !(EXPLAIN_FORMATS as readonly string[]).includes(f));
  if (bad.length || formats.length === 0)
    throw new UsageError(`--format takes ${EXPLAIN_FORMATS.join(', ')} (comma-separated); got '${text}'.`);
  return formats as ExplainFlags['formats'];
}

/**
 * Writes one explanation's files (`<stem>.<method>.png|json|npy` under flags.out, each atomically) and
 * returns what was written; a failed one writes nothing and returns its error. Local runs and
 * `loupe collect` both write through here.
 */
export async function writeExplanation(
  item: ExplainItem,
  stem: string,
  flags: Pick<ExplainFlags, 'out' | 'formats'>,
): Promise<ExplainOutput> {
  if (item.error) {
    const { name: image, method, target, predicted, score, inverted, error } = item;
    return { image, method, target, predicted, score, inverted, files: [], error };
  }
  const base = join(resolve(flags.out), `${stem}.${item.method}`);
  const files: string[] = [];
  const write = async (path: string, data: Uint8Array | string) => {
    await writeFileAtomic(path, data);
    files.push(path);
  };
  if (item.png) await write(`${base}.png`, item.png);
  if (flags.formats.includes('json')) {
    const { values, png: _png, ...rest } = item;
    await write(
      `${base}.json`,
      `${JSON.stringify({ ...rest, image: item.name, values: Array.from(values ?? []) })}\n`,
    );
  }
  if (flags.formats.includes('npy') && item.values)
    await write(`${base}.npy`, encodeNpy(item.values, item.shape));
  return {
    image: item.name,
    method: item.method,
    target: item.target,
    predicted: item.predicted,
    score: item.score,
    inverted: item.inverted,
    files,
  };
}

/** What an explain run will do: the data, parsed method options, file stems and chunk tasks. */
export interface ExplainPlan {
  data: DataSpec;
  methodOptions: OptionsById;
  /** A file-name stem per example, in data order. */
  stems: string[];
  /** One task per chunk of --batch-size examples, each with every method. */
  tasks: ExplainTask[];
}

/**
 * Checks the methods, options, target, model and images of an explain run and splits it into chunk
 * tasks, which carry `runtime` (backend and --quiet). Needs a tfjs backend to load the model with (the
 * caller activates one).
 */
export async function planExplain(flags: ExplainFlags, runtime: TaskRuntime): Promise<ExplainPlan> {
  const plugins = flags.methods.map((id) => getExplainer(id));
  const methodOptions = parsePluginOptions(flags.opts, plugins);
  checkTargetFor(await modelFor(flags.model), flags.target);
  const data = await resolveData(flags.images);
  const tasks: ExplainTask[] = chunkRanges(dataSize(data), flags.batchSize).map((r) => ({
    kind: 'explain',
    ...r,
    model: flags.model,
    data,
    preprocess: flags.preprocess,
    ...runtime,
    methods: flags.methods,
    methodOptions,
    target: flags.target,
    seed: flags.seed,
    withValues: flags.formats.includes('json') || flags.formats.includes('npy'),
    withPng: flags.formats.includes('png'),
    scale: flags.scale,
    render: {
      mode: flags.render?.view ?? 'dimmed-blend',
      sign: flags.render?.sign ?? 'all',
      percentile: flags.render?.percentile ?? 99,
      ...(flags.render?.colormap ? { colormap: flags.render.colormap } : {}),
    },
  }));
  return { data, methodOptions, stems: uniqueStems(exampleNames(data)), tasks };
}

/**
 * `loupe explain`: one heatmap PNG per image and method (core's renderer), plus the raw attribution (JSON with the
 * values, and/or .npy). Images are explained in chunks of --batch-size on --workers threads; each file
 * is written whole (temporary name, then rename) as its chunk finishes. The output folder is checked
 * before any work. A method that fails (e.g. one that cannot explain this model) is recorded per image
 * with its `error` and the other methods' files are still written; {@link throwIfSomeFailed} then lists it.
 */
export async function runExplain(flags: ExplainFlags, ctx: CommandContext): Promise<ExplainOutput[]> {
  await checkOutputDir(flags.out, '-o');
  const backend = await prepareRuntime(flags.backend);
  const { data, stems, tasks } = await planExplain(flags, { backend, quiet: ctx.quiet });
  const workers = effectiveWorkers(flags, backend, tasks.length);
  ctx.progress.note(
    `Explaining ${dataSize(data)} image(s) with ${flags.methods.join(', ')} on ${backend}, ${workers} worker(s).`,
  );
  ctx.progress.start(dataSize(data), 'explain');
  try {
    const perChunk = await runTasks(
      tasks,
      { workers, signal: ctx.signal, onProgress: (d) => ctx.progress.update(d) },
      async (items, index) => {
        const out: ExplainOutput[] = [];
        const { start, end } = tasks[index];
        // Items come method by method, each over the chunk's examples in order.
        for (const [k, item] of items.entries())
          out.push(await writeExplanation(item, stems[start + (k % (end - start))], flags));
        return out;
      },
    );
    return perChunk.flat();
  } finally {
    ctx.progress.stop();
  }
}
