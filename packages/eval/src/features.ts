import { OptionError } from '@loupe/core';

/**
 * How an input's elements group into the features a metric ranks and perturbs: for images `[H, W, C]` a
 * feature is a pixel position (all channels together) or a `patch`×`patch` block; for other inputs every
 * element is a feature.
 */
export interface FeatureGrid {
  /** Elements per example. */
  size: number;
  /** Number of features. */
  count: number;
  /** Feature index of each element. */
  featureOf: Int32Array;
}

/** Groups the elements of one example of shape `dims` (no batch) into features. */
export function featureGrid(dims: readonly number[], patch = 1): FeatureGrid {
  if (!Number.isInteger(patch) || patch < 1)
    throw new OptionError(`patch must be a positive integer; got ${patch}.`);
  const size = dims.reduce((a, b) => a * b, 1);
  const featureOf = new Int32Array(size);
  if (dims.length !== 3) {
    if (patch !== 1)
      throw new OptionError(
        `patch applies to images [H, W, C]; this input has shape [${dims.join(', ')}]. Use patch: 1.`,
      );
    for (let i = 0; i < size; i++) featureOf[i] = i;
    return { size, count: size, featureOf };
  }
  const [h, w, c] = dims;
  if (patch > h || patch > w)
    throw new OptionError(
      `patch ${patch} is larger than the ${h}×${w} image; use a patch of at most ${Math.min(h, w)} pixels.`,
    );
  const cols = Math.ceil(w / patch);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const f = Math.floor(y / patch) * cols + Math.floor(x / patch);
      for (let ch = 0; ch < c; ch++) featureOf[(y * w + x) * c + ch] = f;
    }
  }
  return { size, count: Math.ceil(h / patch) * cols, featureOf };
}

/** Per-feature relevance: the mean of the attribution over each feature's elements. */
export function featureScores(values: Float32Array, grid: FeatureGrid, offset = 0): Float64Array {
  const sums = new Float64Array(grid.count);
  const counts = new Float64Array(grid.count);
  for (let i = 0; i < grid.size; i++) {
    sums[grid.featureOf[i]] += values[offset + i];
    counts[grid.featureOf[i]]++;
  }
  for (let f = 0; f < grid.count; f++) sums[f] /= counts[f];
  return sums;
}

/** How features are ordered: by signed relevance (most positive first) or by magnitude. */
export type RankMode = 'signed' | 'absolute';

/**
 * Feature indices from most to least relevant: descending signed relevance (or |relevance| with
 * `'absolute'`), ties broken toward the lower index so the order is deterministic.
 */
export function rankFeatures(scores: ArrayLike<number>, mode: RankMode = 'signed'): Int32Array {
  const key = (i: number) => (mode === 'absolute' ? Math.abs(scores[i]) : scores[i]);
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => key(b) - key(a) || a - b);
  return Int32Array.from(order);
}

/** Position of each feature in a ranking (0 = most relevant). */
export function rankPositions(order: Int32Array): Int32Array {
  const pos = new Int32Array(order.length);
  order.forEach((f, p) => {
    pos[f] = p;
  });
  return pos;
}

/** Checks a rank option. */
export function checkRankMode(mode: unknown): RankMode {
  if (mode === undefined) return 'signed';
  if (mode !== 'signed' && mode !== 'absolute')
    throw new OptionError(`rank must be 'signed' or 'absolute'; got ${String(mode)}.`);
  return mode;
}
