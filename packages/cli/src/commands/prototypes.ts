import { join, resolve } from 'node:path';
import { mmdCritic } from '@loupe/methods-prototype';
import {
  type BatchGeometry,
  type DataSpec,
  dataSize,
  geometryFor,
  loadBatch,
  resolveData,
} from '../input/dataset.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { CRITICISM_FRAME, composeGallery, PROTOTYPE_FRAME, type Tile } from '../output/gallery.js';
import { checkOutputDir } from '../output/output-path.js';
import { pixelsToRgb, rgbToPng } from '../output/png.js';
import { runTasks } from '../workers/pool.js';
import type { EmbedResult, EmbedTask, TaskRuntime } from '../workers/protocol.js';
import { modelFor, prepareRuntime } from '../workers/runtime.js';
import {
  type CommandContext,
  chunkRanges,
  type DataSetFlags,
  effectiveWorkers,
  type ModelFlags,
} from './context.js';

/** Flags of `loupe prototypes`. */
export interface PrototypeFlags extends Omit<ModelFlags, 'model'>, DataSetFlags {
  /** Embed with this model (null: raw pixels). */
  model: string | null;
  /** Layer whose activations are the features; default the layer before the output. */
  layer: string | null;
  data: string[];
  limit?: number;
  prototypes: number;
  criticisms: number;
  perClass: boolean;
  seed: number;
  out: string;
  /** Tile upscaling in the gallery. */
  scale: number;
}

/** One selected example, as written to prototypes.json. */
export interface SelectedExample {
  index: number;
  name: string;
  label?: number;
}

/** What `loupe prototypes` selected and wrote. */
export interface PrototypeResult {
  layer: string | null;
  gamma: number;
  prototypes: SelectedExample[];
  criticisms: SelectedExample[];
  perClass?: { label: number | string; prototypes: SelectedExample[]; criticisms: SelectedExample[] }[];
  files: string[];
}

async function tileOf(
  data: DataSpec,
  index: number,
  geometry: BatchGeometry,
  flags: PrototypeFlags,
  frame: Tile['frame'],
): Promise<Tile> {
  const batch = await loadBatch(data, index, index + 1, geometry, flags.preprocess);
  try {
    const [, h, w, c] = batch.display.shape;
    return { image: pixelsToRgb((await batch.display.data()) as Float32Array, h, w, c, flags.scale), frame };
  } finally {
    batch.dispose();
  }
}

/** What a prototypes run will do: the resolved layer, the data and the embedding tasks. */
export interface PrototypePlan {
  /** The layer whose activations are compared (null: raw pixels). */
  layer: string | null;
  data: DataSpec;
  /** One embedding task per chunk of --batch-size examples. */
  tasks: EmbedTask[];
}

/**
 * Checks the model, layer and data of a prototypes run and splits the embedding into chunk tasks.
 * The tasks carry `runtime` (backend and --quiet). Needs a tfjs backend to load the model with (the caller
 * activates one).
 */
export async function planPrototypes(flags: PrototypeFlags, runtime: TaskRuntime): Promise<PrototypePlan> {
  const model = flags.model === null ? null : await modelFor(flags.model);
  const layer = model ? (flags.layer ?? model.layers.at(-2)?.name ?? null) : null;
  if (model && layer) model.layer(layer);
  const data = await resolveData(flags.data, flags.limit);
  const tasks: EmbedTask[] = chunkRanges(dataSize(data), flags.batchSize).map((r) => ({
    kind: 'embed',
    ...r,
    model: flags.model,
    layer,
    data,
    preprocess: flags.preprocess,
    ...runtime,
  }));
  return { layer, data, tasks };
}

/**
 * Runs MMD-critic on the embedded chunks (in data order) and writes the gallery PNG and the JSON.
 * Local runs and `loupe collect` both select and write through here.
 */
export async function selectPrototypes(
  chunks: readonly EmbedResult[],
  plan: Pick<PrototypePlan, 'layer' | 'data'>,
  flags: PrototypeFlags,
  signal: AbortSignal,
): Promise<PrototypeResult> {
  const { layer, data } = plan;
  const model = flags.model === null ? null : await modelFor(flags.model);
  const rows = chunks.flatMap((chunk) =>
    Array.from({ length: chunk.names.length }, (_, i) =>
      chunk.rows.subarray(i * chunk.dim, (i + 1) * chunk.dim),
    ),
  );
  const names = chunks.flatMap((c) => c.names);
  const labels = chunks.every((c) => c.labels) ? chunks.flatMap((c) => c.labels as number[]) : undefined;
  const result = await mmdCritic(rows, {
    prototypes: flags.prototypes,
    criticisms: flags.criticisms,
    labels,
    perClass: flags.perClass,
    seed: flags.seed,
    signal,
    // The float64 kernel shares its tiles over the same number of threads (results do not depend on it).
    threads: Math.max(1, flags.workers),
  });
  const describe = (index: number): SelectedExample => ({
    index,
    name: names[index],
    ...(labels ? { label: labels[index] } : {}),
  });
  const geometry = geometryFor(model, data, flags.preprocess);
  const tiles = (indices: number[], frame: Tile['frame']) =>
    Promise.all(indices.map((i) => tileOf(data, i, geometry, flags, frame)));
  const groups =
    flags.perClass && result.perClass
      ? result.perClass
      : [{ label: 'all', prototypes: result.prototypes, criticisms: result.criticisms }];
  const galleryRows: (Tile | null)[][] = [];
  for (const g of groups)
    galleryRows.push([
      ...(await tiles(g.prototypes, PROTOTYPE_FRAME)),
      null,
      ...(await tiles(g.criticisms, CRITICISM_FRAME)),
    ]);
  const out = resolve(flags.out);
  const galleryPath = join(out, 'gallery.png');
  const jsonPath = join(out, 'prototypes.json');
  const summary: Omit<PrototypeResult, 'files'> = {
    layer,
    gamma: result.gamma,
    prototypes: result.prototypes.map(describe),
    criticisms: result.criticisms.map(describe),
    ...(flags.perClass && result.perClass
      ? {
          perClass: result.perClass.map((g) => ({
            label: g.label,
            prototypes: g.prototypes.map(describe),
            criticisms: g.criticisms.map(describe),
          })),
        }
      : {}),
  };
  await writeFileAtomic(galleryPath, await rgbToPng(composeGallery(galleryRows)));
  await writeFileAtomic(jsonPath, `${JSON.stringify({ ...summary, mmd2: result.mmd2 }, null, 1)}\n`);
  return { ...summary, files: [galleryPath, jsonPath] };
}

/**
 * `loupe prototypes`: MMD-critic prototypes and criticisms (Kim et al. 2016) of a data set, on raw
 * pixels or on a model layer's activations (embedded in chunks on --workers threads). Writes a gallery
 * PNG (prototypes framed green, criticisms red; one row per class with --per-class) and a JSON file.
 */
export async function runPrototypes(flags: PrototypeFlags, ctx: CommandContext): Promise<PrototypeResult> {
  await checkOutputDir(flags.out, '-o');
  const backend = await prepareRuntime(flags.backend);
  const plan = await planPrototypes(flags, { backend, quiet: ctx.quiet });
  const { tasks } = plan;
  ctx.progress.start(dataSize(plan.data), plan.layer ? `embed (${plan.layer})` : 'read');
  let chunks: EmbedResult[];
  try {
    chunks = await runTasks(tasks, {
      workers: effectiveWorkers(flags, backend, tasks.length),
      signal: ctx.signal,
      onProgress: (d) => ctx.progress.update(d),
    });
  } finally {
    ctx.progress.stop();
  }
  return selectPrototypes(chunks, plan, flags, ctx.signal);
}
