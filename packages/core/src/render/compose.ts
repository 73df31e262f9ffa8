import { LUMA_WEIGHTS } from '../image/grayscale.js';
import type { ColorTable } from './colormaps.js';

/**
 * How attribution meets the image. The first four are Captum's `visualize_image_attr` methods:
 * `heat-map` colours only; `blended` lays the colours over the image, weighted by opacity × |t|;
 * `masked` multiplies the image by |t|; `alpha` shows the image with opacity |t|. Two more:
 * `dimmed-blend` lays the colours over the image in gray at `dim` of its brightness, weighted by √|t| so
 * mid-sized attributions stay visible (a bright input cannot drown the map); `side-by-side` puts the image
 * and the heat map next to each other.
 */
export type HeatmapMode = 'heat-map' | 'blended' | 'dimmed-blend' | 'masked' | 'alpha' | 'side-by-side';

/** Accepted modes, for attribute validation. */
export const HEATMAP_MODES: readonly HeatmapMode[] = [
  'heat-map',
  'blended',
  'dimmed-blend',
  'masked',
  'alpha',
  'side-by-side',
];

/** Brightness the image keeps under the colours in `dimmed-blend` (about a third). */
export const DEFAULT_DIM = 1 / 3;

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
  /** Brightness of the gray image in `dimmed-blend`, 0–1. Default {@link DEFAULT_DIM}. */
  readonly dim?: number;
  /** RGBA bytes of the image at the same size; white when absent. */
  readonly image?: Uint8ClampedArray | Uint8Array;
}

/** Width of the transparent gap between image and map in `side-by-side` (about 1/16 of the image). */
export function sideBySideGap(width: number): number {
  return Math.max(1, Math.round(width / 16));
}

/** Width and height of what {@link composeHeatmap} returns for a map of `width` × `height`. */
export function composedSize(
  mode: HeatmapMode,
  width: number,
  height: number,
  hasImage: boolean,
): { width: number; height: number } {
  if (mode !== 'side-by-side' || !hasImage) return { width, height };
  return { width: 2 * width + sideBySideGap(width), height };
}

/** The colour-table offset (3 × entry) of a normalized value. */
function entry(v: number, signed: boolean): number {
  const k = Math.round((signed ? (v + 1) / 2 : v) * 255);
  return 3 * Math.min(255, Math.max(0, k));
}

/**
 * Composes the RGBA pixels of a heatmap. Pure, so tests can compare every pixel with the formula.
 * `side-by-side` without an image is the heat map alone; its gap pixels are transparent black.
 */
export function composeHeatmap(input: ComposeInput): Uint8ClampedArray<ArrayBuffer> {
  const { t, width, height, signed, table, mode, opacity, image } = input;
  const dim = input.dim ?? DEFAULT_DIM;
  const size = composedSize(mode, width, height, image !== undefined);
  const out = new Uint8ClampedArray(size.width * size.height * 4);
  const [wr, wg, wb] = LUMA_WEIGHTS;
  const mapOffset = size.width - width;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const v = t[p];
      const colour = entry(v, signed);
      const weight = Math.min(1, Math.abs(v));
      // In the dimmed view the colour both names the value and covers the image: with a linear weight a
      // value at a third of the scale would show a pale hue at a third of its strength, lost in the gray.
      const soft = Math.sqrt(weight);
      const i = 4 * p;
      const o = 4 * (y * size.width + x);
      if (mode === 'side-by-side') {
        const m = o + 4 * mapOffset;
        for (let c = 0; c < 3; c++) out[m + c] = table[colour + c];
        out[m + 3] = 255;
        if (image !== undefined) for (let c = 0; c < 4; c++) out[o + c] = image[i + c];
        continue;
      }
      const gray =
        mode === 'dimmed-blend'
          ? image === undefined
            ? 255 * dim
            : (wr * image[i] + wg * image[i + 1] + wb * image[i + 2]) * dim
          : 0;
      for (let c = 0; c < 3; c++) {
        const base = image === undefined ? 255 : image[i + c];
        const hue = table[colour + c];
        if (mode === 'heat-map') out[o + c] = hue;
        else if (mode === 'blended') {
          const w = opacity * weight;
          out[o + c] = Math.round(base * (1 - w) + hue * w);
        } else if (mode === 'dimmed-blend') out[o + c] = Math.round(gray * (1 - soft) + hue * soft);
        else if (mode === 'masked') out[o + c] = Math.round(base * weight);
        else out[o + c] = base;
      }
      out[o + 3] = mode === 'alpha' ? Math.round(255 * weight) : 255;
    }
  }
  return out;
}
