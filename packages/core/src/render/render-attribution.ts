import type * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../errors.js';
import { type ImageInput, isTensorLike, toImageData } from '../image/image-source.js';
import type { ImageDataLike } from '../image/types.js';
import {
  applySign,
  type ChannelReduction,
  clipValue,
  type HeatmapSign,
  normalizeByClip,
  reduceChannels,
  resizeBilinear,
  type ScalarMap,
} from './attribution-map.js';
import { type ColormapName, colorTable, isColormapName, isDiverging } from './colormaps.js';
import { composeHeatmap, DEFAULT_DIM, HEATMAP_MODES, type HeatmapMode } from './compose.js';

/**
 * Attribution values a renderer reads: core's `Attribution` or anything with `shape` and async `data()`,
 * a tensor, or plain numbers with their shape. Shapes: [H, W], [H, W, C] or [1, H, W, C].
 */
export type AttributionSource =
  | { readonly shape: readonly number[]; data(): Promise<ArrayLike<number>> }
  | { readonly shape: readonly number[]; readonly values: ArrayLike<number> }
  | tf.Tensor;

/** How an attribution is drawn (the options of Captum's `visualize_image_attr`, plus two views). */
export interface RenderOptions {
  /** View. Default `dimmed-blend` (the map over the image in gray at a third of its brightness). */
  mode?: HeatmapMode;
  /** Which attributions to show. Default `all` (signed, diverging colours). */
  sign?: HeatmapSign;
  /** How the channels of a pixel combine into one value. Default `sum`. */
  reduction?: ChannelReduction;
  /** Percentile (0–100] of |values| where the colour scale saturates. Default 99. */
  percentile?: number;
  /** Fixed end of the colour scale (overrides `percentile`), for one scale across several maps. */
  range?: number;
  /** Colormap; default `rdbu` for sign `all`, `inferno` otherwise. */
  colormap?: ColormapName;
  /** Weight of the colours in `blended` mode, 0–1. Default 0.6. */
  opacity?: number;
  /** Brightness of the gray image in `dimmed-blend`, 0–1. Default 1/3. */
  dim?: number;
  /** Integer nearest-neighbour upscaling of the result (a 28×28 map reads better at 8×). Default 1. */
  scale?: number;
}

/** A rendered attribution: RGBA bytes (an `ImageData`-like) and the scale they were drawn with. */
export interface RenderedAttribution extends ImageDataLike {
  readonly data: Uint8ClampedArray<ArrayBuffer>;
  /** |value| at the end of the colour scale (what the legend's ends read). */
  readonly clip: number;
  readonly colormap: ColormapName;
  readonly mode: HeatmapMode;
  readonly sign: HeatmapSign;
}

/** The colormap a sign gets by default: diverging `rdbu` for signed maps, `inferno` for magnitudes. */
export function defaultColormap(sign: HeatmapSign): ColormapName {
  return sign === 'all' ? 'rdbu' : 'inferno';
}

/** The flat values and shape of an {@link AttributionSource}. */
export async function readAttributionValues(
  source: AttributionSource,
): Promise<{ values: ArrayLike<number>; shape: readonly number[] }> {
  if (isTensorLike(source)) return { values: await source.data(), shape: source.shape };
  if ('data' in source && typeof source.data === 'function') {
    return { values: await source.data(), shape: source.shape };
  }
  return { values: (source as { values: ArrayLike<number> }).values, shape: source.shape };
}

/**
 * One value per pixel at `width` × `height` (default: the attribution's own size): channels reduced,
 * then resized bilinearly, so a layer-resolution map (Grad-CAM's 7×7) lies smoothly over the image.
 */
export function attributionMap(
  values: ArrayLike<number>,
  shape: readonly number[],
  options: { reduction?: ChannelReduction; width?: number; height?: number } = {},
): ScalarMap {
  const reduced = reduceChannels(values, shape, options.reduction ?? 'sum');
  return resizeBilinear(reduced, options.width ?? reduced.width, options.height ?? reduced.height);
}

function checkOptions(options: RenderOptions): void {
  const { mode, colormap, opacity, dim, scale } = options;
  if (mode !== undefined && !HEATMAP_MODES.includes(mode)) {
    throw new OptionError(`mode must be one of ${HEATMAP_MODES.join(', ')}; got "${mode}".`);
  }
  if (colormap !== undefined && !isColormapName(colormap)) {
    throw new OptionError(
      `colormap must be inferno, viridis, magma, cividis, rdbu or puor; got "${colormap}".`,
    );
  }
  for (const [name, value] of [
    ['opacity', opacity],
    ['dim', dim],
  ] as const) {
    if (value !== undefined && !(value >= 0 && value <= 1)) {
      throw new OptionError(`${name} must be in [0, 1]; got ${value}.`);
    }
  }
  if (scale !== undefined && !(Number.isInteger(scale) && scale >= 1 && scale <= 64)) {
    throw new OptionError(`scale must be an integer from 1 to 64; got ${scale}.`);
  }
}

/** Nearest-neighbour integer upscaling of RGBA bytes. */
function upscale(
  data: Uint8ClampedArray<ArrayBuffer>,
  width: number,
  height: number,
  s: number,
): Uint8ClampedArray<ArrayBuffer> {
  if (s === 1) return data;
  const out = new Uint8ClampedArray(width * s * height * s * 4);
  for (let y = 0; y < height * s; y++) {
    const row = Math.floor(y / s) * width;
    for (let x = 0; x < width * s; x++) {
      const from = 4 * (row + Math.floor(x / s));
      out.set(data.subarray(from, from + 4), 4 * (y * width * s + x));
    }
  }
  return out;
}

/**
 * Draws a per-pixel map (see {@link attributionMap}) over RGBA bytes of the same size, synchronously:
 * sign filter, clip at the percentile (or `range`), normalization, colormap and view. What
 * `<loupe-heatmap>` paints and what {@link renderAttribution} returns, pixel for pixel.
 */
export function renderScalarMap(
  map: ScalarMap,
  options: RenderOptions & { image?: Uint8ClampedArray | Uint8Array } = {},
): RenderedAttribution {
  checkOptions(options);
  const sign = options.sign ?? 'all';
  const mode = options.mode ?? 'dimmed-blend';
  const colormap = options.colormap ?? defaultColormap(sign);
  const { width, height } = map;
  if (options.image !== undefined && options.image.length !== width * height * 4) {
    throw new OptionError(
      `The image holds ${options.image.length} bytes; a ${width}×${height} map needs ${width * height * 4} RGBA bytes.`,
    );
  }
  const signed = applySign(map.values, sign);
  const clip =
    options.range !== undefined && options.range > 0
      ? options.range
      : clipValue(signed, options.percentile ?? 99);
  const pixels = composeHeatmap({
    t: normalizeByClip(signed, clip),
    width,
    height,
    signed: sign === 'all' && isDiverging(colormap),
    table: colorTable(colormap),
    mode,
    opacity: options.opacity ?? 0.6,
    dim: options.dim ?? DEFAULT_DIM,
    ...(options.image === undefined ? {} : { image: options.image }),
  });
  const composedWidth = pixels.length / 4 / height;
  const s = options.scale ?? 1;
  return {
    data: upscale(pixels, composedWidth, height, s),
    width: composedWidth * s,
    height: height * s,
    clip,
    colormap,
    mode,
    sign,
  };
}

/**
 * Renders an attribution as RGBA bytes, in Node and in browsers: the map (channels reduced, resized to
 * the image) drawn in one of six views with the same colormaps, sign filter and percentile clip as
 * `<loupe-heatmap>` (Captum's `visualize_image_attr`). `image` is the explained picture (RGBA bytes, a
 * tensor in [0, 1], or a browser image/bitmap/canvas); without it the map is drawn over white.
 * Encode with `renderAttributionPng` from `@loupe/core/node`, or draw with `renderAttributionToCanvas`.
 */
export async function renderAttribution(
  attribution: AttributionSource,
  options: RenderOptions & { image?: ImageInput } = {},
): Promise<RenderedAttribution> {
  checkOptions(options);
  const { values, shape } = await readAttributionValues(attribution);
  const image: ImageDataLike | undefined =
    options.image === undefined ? undefined : await toImageData(options.image);
  const map = attributionMap(values, shape, {
    ...(options.reduction ? { reduction: options.reduction } : {}),
    ...(image ? { width: image.width, height: image.height } : {}),
  });
  return renderScalarMap(map, { ...options, image: image?.data });
}
