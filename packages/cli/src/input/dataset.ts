import { type ImageChannels, InputShapeError, InputValueError, resizeImage } from '@loupe/core';
import { readImageFile } from '@loupe/core/node';
import { loadMnistSamples } from '@loupe/models';
import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from '../exit-codes.js';
import { type ImageFile, listImageFiles } from './image-files.js';
import { displayImages, inversions, modelInput, type Preprocess } from './preprocess.js';

/** The shipped held-out digits, all or N of them across the classes: `mnist-samples` or `mnist-samples:200`. */
export const MNIST_SAMPLES = 'mnist-samples';

// The shipped sample file holds 100 digits per class, class by class (see @loupe/models' loadMnistSamples).
const SAMPLE_CLASSES = 10;
const SAMPLES_PER_CLASS = 100;

/**
 * The index in the shipped sample file of example `i` of `mnist-samples:N`: the classes take turns (0, 1, …,
 * 9, 0, 1, …), so any N spans every class evenly instead of taking the first N digits (all zeros).
 */
export function mnistSampleIndex(i: number): number {
  return (i % SAMPLE_CLASSES) * SAMPLES_PER_CLASS + Math.floor(i / SAMPLE_CLASSES);
}

/** Where examples come from: the shipped digits or image files. Plain data, so it can go to a worker. */
export type DataSpec = { kind: 'mnist-samples'; count: number } | { kind: 'files'; files: ImageFile[] };

/** The number of examples a spec holds. */
export function dataSize(spec: DataSpec): number {
  return spec.kind === 'mnist-samples' ? spec.count : spec.files.length;
}

/**
 * Resolves `--data` (or image arguments): `mnist-samples[:N]`, or files and folders (see
 * listImageFiles). `limit` keeps the first N examples.
 */
export async function resolveData(args: readonly string[], limit?: number): Promise<DataSpec> {
  if (args.length === 1 && args[0].startsWith(MNIST_SAMPLES)) {
    const rest = args[0].slice(MNIST_SAMPLES.length);
    const count = rest === '' ? 1000 : Number(rest.slice(1));
    if ((rest !== '' && !rest.startsWith(':')) || !Number.isInteger(count) || count < 1 || count > 1000) {
      throw new UsageError(
        `Write the shipped digits as ${MNIST_SAMPLES} or ${MNIST_SAMPLES}:N with N from 1 to 1000; got '${args[0]}'.`,
      );
    }
    return { kind: 'mnist-samples', count: Math.min(count, limit ?? count) };
  }
  const files = await listImageFiles(args);
  return { kind: 'files', files: files.slice(0, limit ?? files.length) };
}

/** Height, width and channels of the model's input, from its (batch-first) input shape and --size. */
export function inputGeometry(
  inputShape: readonly (number | null)[] | null,
  p: Preprocess,
): { size: [number, number] | null; channels: ImageChannels } {
  const shape = inputShape ?? [];
  if (shape.length !== 0 && shape.length !== 4) {
    throw new InputShapeError(`The CLI feeds images [N, H, W, C]; this model takes [${shape.join(', ')}].`);
  }
  const c = shape[3] ?? 3;
  if (c !== 1 && c !== 3 && c !== 4)
    throw new InputShapeError(`The model takes ${c} channels; images have 1, 3 or 4.`);
  const h = shape[1];
  const w = shape[2];
  const size: [number, number] | null = p.size ?? (h != null && w != null ? [h, w] : null);
  return { size, channels: c };
}

/** Where a batch's pixels go: `[height, width]` (null: the images' own size) and channels. */
export type BatchGeometry = ReturnType<typeof inputGeometry>;

/**
 * The geometry to load a data set at: the model's (see inputGeometry), or without a model --size and
 * the data's own channels (gray shipped digits, RGB files).
 */
export function geometryFor(
  model: { inputShape: readonly (number | null)[] | null } | null,
  data: DataSpec,
  p: Preprocess,
): BatchGeometry {
  if (model) return inputGeometry(model.inputShape, p);
  return { size: p.size ?? null, channels: data.kind === 'mnist-samples' ? 1 : 3 };
}

/** A name per example `[start, end)`: the file path, or `mnist-samples#<index in the sample file>`. */
export function exampleNames(spec: DataSpec, start = 0, end = dataSize(spec)): string[] {
  return spec.kind === 'files'
    ? spec.files.slice(start, end).map((f) => f.path)
    : Array.from({ length: end - start }, (_, i) => `${MNIST_SAMPLES}#${mnistSampleIndex(start + i)}`);
}

/** Examples `[start, end)` of a data set, ready for the model. The caller disposes it (`dispose()`). */
export interface LoadedBatch {
  /** Pixels in [0, 1] after inversion and resizing, as a person sees them. */
  display: tf.Tensor4D;
  /** Model input (range, mean, std applied). */
  x: tf.Tensor4D;
  /** Class of each example where known. */
  labels?: number[];
  /** A name per example (file path or `mnist-samples#i`). */
  names: string[];
  /** Per example: whether it was inverted (`--invert`, or detected dark-on-light for a 1-channel model). */
  inverted: boolean[];
  /** Frees `display` and `x`. */
  dispose(): void;
}

// The shipped digits, decoded once per thread (3 MB) and shared by every batch. A promise, so batches
// loaded concurrently (gallery tiles) wait for one decode instead of replacing each other's tensors.
let mnistCache: Promise<{ images: tf.Tensor4D; labels: number[] }> | null = null;

function shippedDigits(): Promise<{ images: tf.Tensor4D; labels: number[] }> {
  mnistCache ??= loadMnistSamples();
  return mnistCache;
}

/** The files' labels (class-named sub-folders), or undefined when some file has none. */
function fileLabels(files: readonly ImageFile[]): number[] | undefined {
  return files.every((f) => f.label !== undefined) ? files.map((f) => f.label as number) : undefined;
}

/**
 * The labels of examples `[start, end)` without decoding any file: the shipped digits' classes, or the
 * class-named sub-folders of image files (undefined when some file has none).
 */
export async function exampleLabels(
  spec: DataSpec,
  start = 0,
  end = dataSize(spec),
): Promise<number[] | undefined> {
  if (spec.kind === 'files') return fileLabels(spec.files.slice(start, end));
  const { labels } = await shippedDigits();
  return Array.from({ length: end - start }, (_, i) => labels[mnistSampleIndex(start + i)]);
}

async function rawMnist(start: number, end: number): Promise<{ pixels: tf.Tensor4D; labels: number[] }> {
  const { images, labels } = await shippedDigits();
  const rows = Array.from({ length: end - start }, (_, i) => mnistSampleIndex(start + i));
  if (rows.some((r, i) => labels[r] !== (start + i) % SAMPLE_CLASSES))
    throw new InputValueError(
      'The shipped sample file is not laid out 100 digits per class, class by class.',
    );
  const pixels = tf.tidy(() => tf.gather(images, tf.tensor1d(rows, 'int32')) as tf.Tensor4D);
  return { pixels, labels: rows.map((r) => labels[r]) };
}

async function rawFiles(files: ImageFile[], channels: ImageChannels, size: [number, number] | null) {
  const images: tf.Tensor3D[] = [];
  try {
    for (const file of files) images.push(await readImageFile(file.path, { channels }));
    const target = size ?? [images[0].shape[0], images[0].shape[1]];
    const same = images.map((img) =>
      img.shape[0] === target[0] && img.shape[1] === target[1] ? img.clone() : resizeImage(img, target),
    );
    const pixels = tf.stack(same) as tf.Tensor4D;
    tf.dispose(same);
    return { pixels, labels: fileLabels(files) };
  } finally {
    tf.dispose(images);
  }
}

/** Loads examples `[start, end)` of a data set and preprocesses them for a model. */
export async function loadBatch(
  spec: DataSpec,
  start: number,
  end: number,
  geometry: BatchGeometry,
  p: Preprocess,
): Promise<LoadedBatch> {
  if (end <= start) throw new InputValueError('An empty batch was requested.');
  const files = spec.kind === 'files' ? spec.files.slice(start, end) : [];
  const raw =
    spec.kind === 'mnist-samples'
      ? await rawMnist(start, end)
      : await rawFiles(files, geometry.channels, geometry.size);
  try {
    if (raw.pixels.shape[3] !== geometry.channels) {
      throw new InputShapeError(
        `The images have ${raw.pixels.shape[3]} channels but the model takes ${geometry.channels}.`,
      );
    }
    const size = geometry.size ?? [raw.pixels.shape[1], raw.pixels.shape[2]];
    const inverted = await inversions(raw.pixels, p);
    const display = displayImages(raw.pixels, inverted, size);
    const x = modelInput(display, p);
    const dispose = () => tf.dispose([display, x]);
    return { display, x, labels: raw.labels, names: exampleNames(spec, start, end), inverted, dispose };
  } finally {
    raw.pixels.dispose();
  }
}
