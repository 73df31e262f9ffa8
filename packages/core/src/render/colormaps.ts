import {
  interpolateCividis,
  interpolateInferno,
  interpolateMagma,
  interpolatePuOr,
  interpolateRdBu,
  interpolateViridis,
} from 'd3-scale-chromatic';

/**
 * Sequential maps (perceptually uniform, from matplotlib's viridis family via d3-scale-chromatic), for
 * non-negative data: sign `positive`, `negative` (magnitude) and `absolute`.
 */
export const SEQUENTIAL_COLORMAPS = ['inferno', 'viridis', 'magma', 'cividis'] as const;
/** Diverging maps (ColorBrewer via d3-scale-chromatic) for signed data (sign `all`); positive is red/orange. */
export const DIVERGING_COLORMAPS = ['rdbu', 'puor'] as const;

/** A sequential colormap name. */
export type SequentialColormap = (typeof SEQUENTIAL_COLORMAPS)[number];
/** A diverging colormap name. */
export type DivergingColormap = (typeof DIVERGING_COLORMAPS)[number];
/** Any colormap name. */
export type ColormapName = SequentialColormap | DivergingColormap;

/** 256 RGB entries, 3 bytes each: entry k is the colour of t = k / 255. */
export type ColorTable = Uint8ClampedArray;

// Diverging maps are flipped so t = 1 (strongest positive attribution) is the warm end.
const interpolators: Record<ColormapName, (t: number) => string> = {
  inferno: interpolateInferno,
  viridis: interpolateViridis,
  magma: interpolateMagma,
  cividis: interpolateCividis,
  rdbu: (t) => interpolateRdBu(1 - t),
  puor: (t) => interpolatePuOr(t),
};

const tables = new Map<ColormapName, ColorTable>();

/** True for names of {@link DIVERGING_COLORMAPS}. */
export function isDiverging(name: ColormapName): name is DivergingColormap {
  return (DIVERGING_COLORMAPS as readonly string[]).includes(name);
}

/** True when `name` is a colormap this package knows. */
export function isColormapName(name: string): name is ColormapName {
  return name in interpolators;
}

/** Parses the `rgb(r, g, b)` or `#rrggbb` strings d3's interpolators return. */
function parseColor(text: string): [number, number, number] {
  if (text.startsWith('#')) {
    const n = Number.parseInt(text.slice(1, 7), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const parts = text.match(/[\d.]+/g) ?? ['0', '0', '0'];
  return [Number(parts[0]), Number(parts[1]), Number(parts[2])];
}

/** The 256-entry lookup table of a colormap (cached; built on first use, never at import time). */
export function colorTable(name: ColormapName): ColorTable {
  let table = tables.get(name);
  if (table === undefined) {
    table = new Uint8ClampedArray(256 * 3);
    for (let k = 0; k < 256; k++) table.set(parseColor(interpolators[name](k / 255)), 3 * k);
    tables.set(name, table);
  }
  return table;
}

/** The colour of t ∈ [0, 1] (clamped) in a table, as [r, g, b] bytes. */
export function lookupColor(table: ColorTable, t: number): [number, number, number] {
  const k = Math.round(Math.min(1, Math.max(0, t)) * 255);
  return [table[3 * k], table[3 * k + 1], table[3 * k + 2]];
}
