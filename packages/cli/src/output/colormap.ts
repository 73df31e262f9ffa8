import { interpolateInferno, interpolateRdBu } from 'd3-scale-chromatic';

/** A colour lookup table: 256 RGB triples, bytes, flattened. */
export type ColorTable = Uint8Array;

/** Colormaps for heatmaps: `diverging` (blue − / white 0 / red +) for signed maps, `inferno` for magnitudes. */
export type ColormapName = 'diverging' | 'inferno';

function parseRgb(css: string): [number, number, number] {
  const match = css.match(/\d+(\.\d+)?/g);
  if (!match || match.length < 3) throw new Error(`Unexpected colour '${css}' from d3-scale-chromatic.`);
  return [Number(match[0]), Number(match[1]), Number(match[2])];
}

/**
 * Samples a d3-scale-chromatic interpolator into a 256-entry table. Entry k is the colour of value
 * k / 255 in [0, 1]; for the diverging map 0 is the most negative value and 255 the most positive.
 */
export function colorTable(name: ColormapName): ColorTable {
  // RdBu runs red → blue; reversed so that positive relevance is red, as in most attribution figures.
  const interpolate = name === 'diverging' ? (t: number) => interpolateRdBu(1 - t) : interpolateInferno;
  const table = new Uint8Array(256 * 3);
  for (let k = 0; k < 256; k++) table.set(parseRgb(interpolate(k / 255)), k * 3);
  return table;
}
