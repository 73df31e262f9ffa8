import type { ColorTable } from './colormaps.js';

/**
 * How attribution meets the image (the four modes of Captum's `visualize_image_attr`):
 * `heat-map` colours only; `blended` lays the colours over the image, weighted by opacity × |t|;
 * `masked` multiplies the image by |t|; `alpha` shows the image with opacity |t|.
 */
export type HeatmapMode = 'heat-map' | 'blended' | 'masked' | 'alpha';

/** Accepted modes, for attribute validation. */
export const HEATMAP_MODES: readonly HeatmapMode[] = ['heat-map', 'blended', 'masked', 'alpha'];

/** Inputs of {@link composeHeatmap}. */
export interface ComposeInput {
  /** Normalized values per pixel: in [0, 1] for sequential maps, [−1, 1] when `signed`. */
  readonly t: Float32Array;
  readonly width: number;
  readonly height: number;
  /** True when `t` is signed and `table` diverging: t = 0 sits at the table's middle. */
  readonly signed: boolean;
  readonly table: ColorTable;
  readonly mode: HeatmapMode;
  /** Weight of the colours in `blended` mode, 0–1. */
  readonly opacity: number;
  /** RGBA bytes of the image at the same size; white when absent. */
  readonly image?: Uint8ClampedArray;
}

/** Composes the RGBA pixels of a heatmap. Pure, so tests can compare every pixel with the formula. */
export function composeHeatmap(input: ComposeInput): Uint8ClampedArray<ArrayBuffer> {
  const { t, width, height, signed, table, mode, opacity, image } = input;
  const out = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const v = t[p];
    const k = Math.round((signed ? (v + 1) / 2 : v) * 255);
    const colour = 3 * Math.min(255, Math.max(0, k));
    const weight = Math.min(1, Math.abs(v));
    const o = 4 * p;
    for (let c = 0; c < 3; c++) {
      const base = image === undefined ? 255 : image[o + c];
      const hue = table[colour + c];
      if (mode === 'heat-map') out[o + c] = hue;
      else if (mode === 'blended') {
        const w = opacity * weight;
        out[o + c] = Math.round(base * (1 - w) + hue * w);
      } else if (mode === 'masked') out[o + c] = Math.round(base * weight);
      else out[o + c] = base;
    }
    out[o + 3] = mode === 'alpha' ? Math.round(255 * weight) : 255;
  }
  return out;
}
