import { InputShapeError, OptionError } from '../errors.js';

/** Which attributions a heatmap shows (Captum's `sign`): only positive, only negative (as magnitudes), |a|, or signed. */
export type HeatmapSign = 'positive' | 'negative' | 'absolute' | 'all';
/** How the channels of a pixel become one value: sum (signed, the default), mean, the largest |a| keeping its sign, or the L2 norm. */
export type ChannelReduction = 'sum' | 'mean' | 'max-abs' | 'l2';

/** One value per pixel, row-major. */
export interface ScalarMap {
  readonly values: Float32Array;
  readonly width: number;
  readonly height: number;
}

/** The signs and reductions components accept, for attribute validation. */
export const HEATMAP_SIGNS: readonly HeatmapSign[] = ['positive', 'negative', 'absolute', 'all'];
/** Accepted channel reductions. */
export const CHANNEL_REDUCTIONS: readonly ChannelReduction[] = ['sum', 'mean', 'max-abs', 'l2'];

/**
 * Reduces attribution values of shape [H, W], [H, W, C] or [1, H, W, C] to one value per pixel.
 * A batch of more than one example is an InputShapeError: pick the example first.
 */
export function reduceChannels(
  values: ArrayLike<number>,
  shape: readonly number[],
  reduction: ChannelReduction = 'sum',
): ScalarMap {
  let dims = [...shape];
  if (dims.length === 4) {
    if (dims[0] !== 1) {
      throw new InputShapeError(
        `A heatmap shows one example; got a batch of ${dims[0]} (shape [${shape.join(', ')}]). Slice one example first.`,
      );
    }
    dims = dims.slice(1);
  }
  if (dims.length === 2) dims.push(1);
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new InputShapeError(
      `A heatmap needs attribution values of shape [H, W], [H, W, C] or [1, H, W, C]; got [${shape.join(', ')}].`,
    );
  }
  const [height, width, channels] = dims;
  if (values.length !== height * width * channels) {
    throw new InputShapeError(
      `Attribution holds ${values.length} values but shape [${shape.join(', ')}] needs ${height * width * channels}.`,
    );
  }
  const out = new Float32Array(height * width);
  for (let p = 0; p < height * width; p++) {
    let acc = 0;
    let best = 0;
    for (let c = 0; c < channels; c++) {
      const v = values[p * channels + c];
      if (reduction === 'l2') acc += v * v;
      else if (reduction === 'max-abs') best = Math.abs(v) > Math.abs(best) ? v : best;
      else acc += v;
    }
    if (reduction === 'l2') out[p] = Math.sqrt(acc);
    else if (reduction === 'max-abs') out[p] = best;
    else out[p] = reduction === 'mean' ? acc / channels : acc;
  }
  return { values: out, width, height };
}

/** Applies a sign filter: positive → max(a, 0); negative → max(−a, 0); absolute → |a|; all → a. */
export function applySign(values: Float32Array, sign: HeatmapSign): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] =
      sign === 'positive'
        ? Math.max(v, 0)
        : sign === 'negative'
          ? Math.max(-v, 0)
          : sign === 'absolute'
            ? Math.abs(v)
            : v;
  }
  return out;
}

/**
 * The colour scale's end: the `percentile`-th percentile (0–100, nearest rank) of |values|, so the few
 * most extreme values saturate instead of washing out the rest (Captum clips at the 98th). Never 0: an
 * all-zero map gets 1 so it draws as zero rather than NaN.
 */
export function clipValue(values: Float32Array, percentile: number): number {
  if (!(percentile > 0 && percentile <= 100)) {
    throw new OptionError(`percentile must be in (0, 100]; got ${percentile}.`);
  }
  if (values.length === 0) return 1;
  const magnitudes = Float32Array.from(values, Math.abs).sort();
  const rank = Math.max(0, Math.ceil((percentile / 100) * magnitudes.length) - 1);
  const clip = magnitudes[rank];
  return clip > 0 && Number.isFinite(clip) ? clip : 1;
}

/** Divides by `clip` and clamps to [−1, 1]; non-finite values become 0. */
export function normalizeByClip(values: Float32Array, clip: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const t = values[i] / clip;
    out[i] = Number.isFinite(t) ? Math.min(1, Math.max(-1, t)) : 0;
  }
  return out;
}

/**
 * Bilinear resampling with half-pixel centres (as PIL and tf.image with halfPixelCenters): smooth
 * upsampling of a layer-resolution map (Grad-CAM's 7×7) to the image's pixels. Same size → a copy.
 */
export function resizeBilinear(map: ScalarMap, width: number, height: number): ScalarMap {
  if (map.width === width && map.height === height) return { values: map.values.slice(), width, height };
  const out = new Float32Array(width * height);
  const sx = map.width / width;
  const sy = map.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(map.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(map.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(map.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(map.width - 1, x0 + 1);
      const wx = fx - x0;
      const top = map.values[y0 * map.width + x0] * (1 - wx) + map.values[y0 * map.width + x1] * wx;
      const bottom = map.values[y1 * map.width + x0] * (1 - wx) + map.values[y1 * map.width + x1] * wx;
      out[y * width + x] = top * (1 - wy) + bottom * wy;
    }
  }
  return { values: out, width, height };
}
