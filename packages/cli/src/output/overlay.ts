import type { ColorTable } from './colormap.js';

/** An image as bytes: `height × width × 3` RGB, row-major. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The q-quantile (0–1) of |values|, ignoring zeros; 0 when all are zero. */
export function absQuantile(values: ArrayLike<number>, q: number): number {
  const mags: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) mags.push(Math.abs(values[i]));
  if (mags.length === 0) return 0;
  mags.sort((a, b) => a - b);
  return mags[Math.min(mags.length - 1, Math.floor(q * (mags.length - 1)))];
}

/**
 * Sums a map `[H, W, C]` (row-major) over channels and scales it to [−1, 1] by its 99th-percentile
 * magnitude, so a handful of extreme pixels do not wash out the rest (values beyond are clipped).
 */
export function normalizedHeat(
  values: Float32Array,
  height: number,
  width: number,
  channels: number,
): Float32Array {
  const heat = new Float32Array(height * width);
  for (let p = 0; p < heat.length; p++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += values[p * channels + c];
    heat[p] = s;
  }
  const scale = absQuantile(heat, 0.99);
  if (scale > 0) for (let p = 0; p < heat.length; p++) heat[p] = Math.max(-1, Math.min(1, heat[p] / scale));
  return heat;
}

/** Options of {@link overlayHeatmap}. */
export interface OverlayOptions {
  /** Integer upscaling factor (nearest neighbour), so 28×28 digits become readable. */
  scale: number;
  /** Opacity of the heatmap where |relevance| is largest, 0–1. */
  opacity: number;
  /** True for signed colour tables (diverging): −1…1 maps to 0…255; else |v| maps to 0…255. */
  signed: boolean;
}

/**
 * Draws a heatmap over a picture: the picture in gray (`[H, W, C]` in [0, 1]), blended with the colour of
 * each pixel's relevance (from {@link normalizedHeat}) at an opacity that grows with |relevance|, so
 * irrelevant pixels show the image and relevant ones the colour.
 */
export function overlayHeatmap(
  picture: Float32Array,
  heat: Float32Array,
  height: number,
  width: number,
  channels: number,
  table: ColorTable,
  options: OverlayOptions,
): RgbImage {
  const s = options.scale;
  const out = new Uint8Array(height * s * width * s * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      let gray = 0;
      for (let c = 0; c < Math.min(channels, 3); c++) gray += picture[p * channels + c];
      // Dimmed so that the colours of relevant pixels stand out against bright strokes.
      gray = (gray / Math.min(channels, 3)) * 255 * 0.6;
      const v = heat[p];
      const k = Math.round(options.signed ? ((v + 1) / 2) * 255 : Math.abs(v) * 255);
      const alpha = options.opacity * Math.abs(v);
      const rgb = [0, 1, 2].map((c) => Math.round((1 - alpha) * gray + alpha * table[k * 3 + c]));
      for (let dy = 0; dy < s; dy++) {
        for (let dx = 0; dx < s; dx++) out.set(rgb, ((y * s + dy) * width * s + x * s + dx) * 3);
      }
    }
  }
  return { width: width * s, height: height * s, data: out };
}

/** The upscaling that brings the shorter side to at least 224 pixels (1 for images that large). */
export function defaultScale(height: number, width: number): number {
  return Math.max(1, Math.floor(224 / Math.min(height, width)));
}
