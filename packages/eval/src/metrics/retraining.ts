import {
  type ExplainableModel,
  forEachBatch,
  InputShapeError,
  OptionError,
  type OptionNames,
  type RunControl,
  rejectUnknownOptions,
  SeededRandom,
  throwIfAborted,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { attributionData, type ExplainFunction } from '../attribution-source.js';
import {
  checkRankMode,
  featureGrid,
  featureScores,
  type RankMode,
  rankFeatures,
  rankPositions,
} from '../features.js';
import { accuracy } from '../training/accuracy.js';
import { type LabeledSet, mnistCnnTrainer, type Trainer } from '../training/trainer.js';

/** Training and test data for ROAR and KAR. */
export interface RetrainingData {
  train: LabeledSet;
  test: LabeledSet;
}

/** Precomputed attributions for every training and test example. */
export interface DatasetAttributions {
  train: tf.Tensor;
  test: tf.Tensor;
}

/** Options of {@link roar} and {@link kar}. */
export interface RetrainingOptions extends RunControl {
  /** Fractions t of features removed (ROAR) or kept (KAR) (default [0.1, 0.3, 0.5, 0.7, 0.9]). */
  fractions?: readonly number[];
  /** Trains a fresh model (default: the shipped MNIST CNN architecture, {@link mnistCnnTrainer}). */
  trainer?: Trainer;
  /** Number of classes (default: largest label + 1). */
  numClasses?: number;
  /** Seeds the trainer, the random ranking and sampling methods (default 0). */
  seed?: number;
  rank?: RankMode;
  /** Add a row ranked at random, the baseline a method must beat (default true). */
  randomBaseline?: boolean;
  /** Examples explained per call when the source is a method (default 64). */
  batchSize?: number;
  methodOptions?: Record<string, unknown>;
}

// No target: ROAR and KAR explain every image for its label.
const RETRAINING_OPTION_NAMES: OptionNames<RetrainingOptions> = {
  signal: true,
  onProgress: true,
  seed: true,
  methodOptions: true,
  fractions: true,
  trainer: true,
  numClasses: true,
  rank: true,
  randomBaseline: true,
  batchSize: true,
};

/** Test accuracy after retraining, per fraction, for one ranking. */
export interface RetrainingRow {
  /** The method id (or `'attribution'` / `'function'`), or `'random'` for the baseline. */
  ranking: string;
  accuracies: number[];
}

/** Result of {@link roar} / {@link kar}. */
export interface RetrainingResult {
  kind: 'roar' | 'kar';
  fractions: number[];
  /** Test accuracy of a model retrained on the unmodified data (t = 0 for ROAR). */
  unmodifiedAccuracy: number;
  rows: RetrainingRow[];
}

async function datasetAttributions(
  model: ExplainableModel,
  set: LabeledSet,
  method: string | ExplainFunction,
  options: RetrainingOptions,
): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  await forEachBatch(
    set.labels.length,
    options.batchSize ?? 64,
    async (start, end) => {
      const x = tf.slice(set.x, start, end - start);
      try {
        parts.push(
          await attributionData(model, x, method, {
            target: set.labels.slice(start, end),
            seed: options.seed,
            signal: options.signal,
            methodOptions: options.methodOptions,
          }),
        );
      } finally {
        x.dispose();
      }
    },
    { signal: options.signal },
  );
  const out = new Float32Array(set.x.size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Per-image rank positions of features, from attributions or at random. */
function positionsFor(
  values: Float32Array | null,
  set: LabeledSet,
  rank: RankMode,
  seed: number,
): Int32Array[] {
  const grid = featureGrid(set.x.shape.slice(1));
  const random = new SeededRandom(seed);
  return set.labels.map((_, n) =>
    rankPositions(
      values
        ? rankFeatures(featureScores(values, grid, n * grid.size), rank)
        : Int32Array.from(random.permutation(grid.count)),
    ),
  );
}

/** A set's images read back once, with each image's per-channel means (the ROAR/KAR replacement values). */
interface ImageData {
  set: LabeledSet;
  data: Float32Array;
  grid: ReturnType<typeof featureGrid>;
  channels: number;
  /** `channels` means per image, image after image. */
  means: Float64Array;
}

async function imageData(set: LabeledSet): Promise<ImageData> {
  const dims = set.x.shape.slice(1);
  const grid = featureGrid(dims);
  const channels = dims.length === 3 ? dims[2] : 1;
  const data = (await set.x.data()) as Float32Array;
  const means = new Float64Array(set.labels.length * channels);
  for (let n = 0; n < set.labels.length; n++) {
    const base = n * grid.size;
    for (let i = 0; i < grid.size; i++)
      means[n * channels + (i % channels)] += data[base + i] / (grid.size / channels);
  }
  return { set, data, grid, channels, means };
}

/** Copies of the images with a fraction of features replaced by each image's per-channel mean (Hooker et al.). */
function degrade(images: ImageData, positions: Int32Array[], t: number, kind: 'roar' | 'kar'): LabeledSet {
  const { set, grid, channels, means } = images;
  const data = Float32Array.from(images.data);
  const count = Math.round(t * grid.count);
  for (let n = 0; n < set.labels.length; n++) {
    const base = n * grid.size;
    for (let i = 0; i < grid.size; i++) {
      const ranked = positions[n][grid.featureOf[i]] < count;
      if (kind === 'roar' ? ranked : !ranked) data[base + i] = means[n * channels + (i % channels)];
    }
  }
  return { x: tf.tensor(data, set.x.shape), labels: set.labels };
}

async function trainAndTest(
  train: LabeledSet,
  test: LabeledSet,
  trainer: Trainer,
  numClasses: number,
  options: RetrainingOptions,
): Promise<number> {
  throwIfAborted(options.signal);
  const model = await trainer(train, { seed: options.seed ?? 0, numClasses, signal: options.signal });
  try {
    return await accuracy(model, test, 128, options);
  } finally {
    model.dispose();
  }
}

function checkData(data: RetrainingData): void {
  for (const [name, set] of [
    ['train', data?.train],
    ['test', data?.test],
  ] as const) {
    if (!set?.x || !set.labels) throw new OptionError(`data.${name} must be { x, labels }.`);
    if (set.labels.length === 0 || set.x.shape[0] === 0)
      throw new InputShapeError(`data.${name} is empty; ROAR and KAR need labelled examples.`);
    if (set.x.shape[0] !== set.labels.length)
      throw new InputShapeError(`data.${name} has ${set.x.shape[0]} inputs but ${set.labels.length} labels.`);
  }
}

/** Runs ROAR or KAR (shared by both; see their docs). */
export async function retrainingBenchmark(
  kind: 'roar' | 'kar',
  model: ExplainableModel,
  data: RetrainingData,
  source: string | ExplainFunction | DatasetAttributions,
  options: RetrainingOptions = {},
): Promise<RetrainingResult> {
  rejectUnknownOptions(kind, options, Object.keys(RETRAINING_OPTION_NAMES));
  checkData(data);
  const fractions = [...(options.fractions ?? [0.1, 0.3, 0.5, 0.7, 0.9])];
  for (const t of fractions)
    if (!(t >= 0 && t <= 1)) throw new OptionError(`fractions must lie in [0, 1]; got ${t}.`);
  const rank = checkRankMode(options.rank);
  const trainer = options.trainer ?? mnistCnnTrainer();
  const numClasses = options.numClasses ?? Math.max(...data.train.labels, ...data.test.labels) + 1;
  const seed = options.seed ?? 0;
  let trainValues: Float32Array;
  let testValues: Float32Array;
  if (typeof source === 'string' || typeof source === 'function') {
    trainValues = await datasetAttributions(model, data.train, source, options);
    testValues = await datasetAttributions(model, data.test, source, options);
  } else {
    for (const part of ['train', 'test'] as const) {
      const want = data[part].x.shape;
      const got = source[part]?.shape ?? [];
      if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
        throw new InputShapeError(
          `The ${part} attributions have shape [${got.join(', ')}]; they must match the ${part} inputs [${want.join(', ')}].`,
        );
      }
    }
    trainValues = (await source.train.data()) as Float32Array;
    testValues = (await source.test.data()) as Float32Array;
  }
  const rankings: { name: string; train: Int32Array[]; test: Int32Array[] }[] = [
    {
      name: typeof source === 'string' ? source : typeof source === 'function' ? 'function' : 'attribution',
      train: positionsFor(trainValues, data.train, rank, seed),
      test: positionsFor(testValues, data.test, rank, seed),
    },
  ];
  if (options.randomBaseline !== false) {
    rankings.push({
      name: 'random',
      train: positionsFor(null, data.train, rank, seed + 1),
      test: positionsFor(null, data.test, rank, seed + 2),
    });
  }
  const total = 1 + rankings.length * fractions.length;
  const unmodifiedAccuracy = await trainAndTest(data.train, data.test, trainer, numClasses, options);
  options.onProgress?.({ done: 1, total, phase: kind });
  const images = { train: await imageData(data.train), test: await imageData(data.test) };
  const rows: RetrainingRow[] = [];
  let done = 1;
  for (const r of rankings) {
    const accuracies: number[] = [];
    for (const t of fractions) {
      const train = degrade(images.train, r.train, t, kind);
      const test = degrade(images.test, r.test, t, kind);
      try {
        accuracies.push(await trainAndTest(train, test, trainer, numClasses, options));
      } finally {
        tf.dispose([train.x, test.x]);
      }
      options.onProgress?.({ done: ++done, total, phase: kind });
    }
    rows.push({ ranking: r.name, accuracies });
  }
  return { kind, fractions, unmodifiedAccuracy, rows };
}

/**
 * ROAR, RemOve And Retrain (Hooker et al. 2019, "A benchmark for interpretability methods in deep
 * neural networks"): the top-t fraction of every training and test image's features (by the method's
 * ranking, targets = labels) is replaced by the image's per-channel mean, a fresh model is trained on
 * the degraded training set, and its test accuracy is reported per t, beside a random-ranking row. A
 * faithful ranking makes accuracy fall faster than random.
 */
export function roar(
  model: ExplainableModel,
  data: RetrainingData,
  source: string | ExplainFunction | DatasetAttributions,
  options: RetrainingOptions = {},
): Promise<RetrainingResult> {
  return retrainingBenchmark('roar', model, data, source, options);
}

/**
 * KAR, Keep And Retrain (Hooker et al. 2019): like {@link roar} but only the top-t fraction is kept and
 * the rest replaced; a faithful ranking keeps accuracy high with few features.
 */
export function kar(
  model: ExplainableModel,
  data: RetrainingData,
  source: string | ExplainFunction | DatasetAttributions,
  options: RetrainingOptions = {},
): Promise<RetrainingResult> {
  return retrainingBenchmark('kar', model, data, source, options);
}
