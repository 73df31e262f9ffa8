import { schemePaired, schemeTableau10 } from 'd3-scale-chromatic';

/** `#rrggbb` → [r, g, b]. */
function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * A categorical colour per class (Tableau 10 for up to ten classes, ColorBrewer's Paired for more, both via
 * d3-scale-chromatic, which core already uses for its colormaps); colours repeat past twelve classes.
 */
export function classColors(classes: number): [number, number, number][] {
  const scheme = classes <= 10 ? schemeTableau10 : schemePaired;
  return Array.from({ length: classes }, (_, k) => rgb(scheme[k % scheme.length]));
}
