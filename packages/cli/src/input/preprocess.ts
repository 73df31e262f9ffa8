import { resizeImage } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from '../exit-codes.js';

/**
 * How decoded pixels (in [0, 1]) become model input: inversion (dark-on-light digits to MNIST's
 * light-on-dark), resizing, mapping [0, 1] onto `range`, then (x − mean) / std per channel.
 */
export interface Preprocess {
  /** The `--preprocess` preset the range, mean and std came from, for messages and the channel check. */
  preset?: PreprocessPreset;
  /** [height, width] to resize to; default the model's own input size. */
  size?: [number, number];
  /** Value range of the model's input; default [0, 1]. */
  range: [number, number];
  /** Per-channel mean subtracted after `range` (one value for all channels, or one per channel). */
  mean?: number[];
  /** Per-channel standard deviation divided by after `mean`. */
  std?: number[];
  /**
   * Replace x by 1 − x before anything else: always, never, or `'auto'`: for 1-channel (MNIST-style)
   * input, each image whose border is light (see `lightBorders`).
   */
  invert: boolean | 'auto';
}

/** `--preprocess` presets, as core's `wrapModel` takes them: the model's input normalisation. */
export type PreprocessPreset = 'imagenet' | '[-1,1]' | '[0,255]';

/**
 * What each preset does to pixels in [0, 1]: ImageNet mean/std per RGB channel (torchvision's values),
 * or a linear map onto [−1, 1] (MobileNet-style) or [0, 255] (models trained on raw bytes).
 */
export const PRESETS: Record<PreprocessPreset, Pick<Preprocess, 'range' | 'mean' | 'std'>> = {
  imagenet: { range: [0, 1], mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  '[-1,1]': { range: [-1, 1] },
  '[0,255]': { range: [0, 255] },
};

/** Parses `--preprocess imagenet|[-1,1]|[0,255]` (spaces ignored). */
export function parsePreset(text: string): PreprocessPreset {
  const name = text.replace(/\s+/g, '').toLowerCase();
  if (name in PRESETS) return name as PreprocessPreset;
  throw new UsageError(
    `--preprocess takes imagenet, [-1,1] or [0,255]; got '${text}'. For other normalisations use --range, --mean and --std.`,
  );
}

/** The default: pixels in [0, 1], no normalisation, dark-on-light digits inverted for 1-channel models. */
export const DEFAULT_PREPROCESS: Preprocess = { range: [0, 1], invert: 'auto' };

/**
 * Per image of `[N, H, W, C]` pixels in [0, 1]: whether the mean of its outermost rows and columns exceeds
 * 0.5, i.e. dark ink on light paper (a scanned or drawn digit) rather than MNIST's light ink on black.
 */
export async function lightBorders(pixels: tf.Tensor4D): Promise<boolean[]> {
  const [n, h, w] = pixels.shape;
  const means = tf.tidy(() => {
    const edges = [
      tf.slice(pixels, [0, 0, 0, 0], [n, 1, w, -1]),
      tf.slice(pixels, [0, h - 1, 0, 0], [n, 1, w, -1]),
      tf.slice(pixels, [0, 0, 0, 0], [n, h, 1, -1]),
      tf.slice(pixels, [0, 0, w - 1, 0], [n, h, 1, -1]),
    ].map((e) => tf.reshape(e, [n, -1]));
    return tf.mean(tf.concat(edges, 1), 1);
  });
  const values = await means.data();
  means.dispose();
  return Array.from(values, (v) => v > 0.5);
}

/** Which images of a batch to invert under `p.invert` (`'auto'` inverts only 1-channel light-border images). */
export async function inversions(pixels: tf.Tensor4D, p: Preprocess): Promise<boolean[]> {
  const n = pixels.shape[0];
  if (p.invert !== 'auto') return new Array<boolean>(n).fill(p.invert);
  if (pixels.shape[3] !== 1) return new Array<boolean>(n).fill(false);
  return lightBorders(pixels);
}

function numbers(flag: string, text: string): number[] {
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) {
    throw new UsageError(
      `${flag} takes comma-separated numbers, e.g. ${flag} 0.485,0.456,0.406; got '${text}'.`,
    );
  }
  return values;
}

/** Parses `--size 28x28` (or `28` for a square). */
export function parseSize(text: string): [number, number] {
  const parts = text.toLowerCase().split('x').map(Number);
  const [h, w] = parts.length === 1 ? [parts[0], parts[0]] : parts;
  if (parts.length > 2 || !Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
    throw new UsageError(`--size takes HEIGHTxWIDTH in pixels, e.g. --size 224x224; got '${text}'.`);
  }
  return [h, w];
}

/** Parses `--range -1,1`. */
export function parseRange(text: string): [number, number] {
  const values = numbers('--range', text);
  if (values.length !== 2 || !(values[0] < values[1])) {
    throw new UsageError(`--range takes MIN,MAX with MIN < MAX, e.g. --range -1,1; got '${text}'.`);
  }
  return [values[0], values[1]];
}

/** Parses `--mean` / `--std` lists; std values must be positive. */
export function parseChannelValues(flag: '--mean' | '--std', text: string): number[] {
  const values = numbers(flag, text);
  if (flag === '--std' && values.some((v) => v <= 0))
    throw new UsageError(`--std values must be positive; got '${text}'.`);
  return values;
}

function perChannel(values: number[], channels: number, flag: string): tf.Tensor1D {
  if (values.length !== 1 && values.length !== channels) {
    throw new UsageError(
      `${flag} needs 1 or ${channels} values for a ${channels}-channel model; got ${values.length}.`,
    );
  }
  return tf.tensor1d(values.length === 1 ? new Array(channels).fill(values[0]) : values);
}

/**
 * Applies inversion (per image, see `inversions`) and resizing to a batch of pixels in [0, 1]
 * `[N, H, W, C]`: the images as the user sees them (overlays are drawn on these). The caller owns the result.
 */
export function displayImages(
  pixels: tf.Tensor4D,
  invert: readonly boolean[],
  size: [number, number],
): tf.Tensor4D {
  return tf.tidy(() => {
    const flip = tf.tensor4d(
      invert.map((v) => (v ? 1 : 0)),
      [invert.length, 1, 1, 1],
    );
    // x + flip·(1 − 2x): 1 − x where flip is 1, x where it is 0.
    let x: tf.Tensor4D = invert.some(Boolean)
      ? tf.add(pixels, tf.mul(flip, tf.sub(1, tf.mul(2, pixels))))
      : pixels.clone();
    if (x.shape[1] !== size[0] || x.shape[2] !== size[1]) x = resizeImage(x, size);
    return x;
  });
}

/** Maps display images `[N, H, W, C]` in [0, 1] to model input (range, mean, std). The caller owns it. */
export function modelInput(display: tf.Tensor4D, p: Preprocess): tf.Tensor4D {
  const channels = display.shape[3];
  return tf.tidy(() => {
    const [lo, hi] = p.range;
    let x: tf.Tensor4D = tf.add(tf.mul(display, hi - lo), lo);
    if (p.mean) x = tf.sub(x, perChannel(p.mean, channels, '--mean'));
    if (p.std) x = tf.div(x, perChannel(p.std, channels, '--std'));
    return x;
  });
}
