import {
  applySign,
  type ColormapName,
  clipValue,
  colorTable,
  defaultColormap,
  type HeatmapSign,
  lookupColor,
  normalizeByClip,
} from '@loupe/core';

/** How token scores become colours: the same controls as `<loupe-heatmap>`. */
export interface TokenColorOptions {
  sign: HeatmapSign;
  /** Percentile (0–100] of |scores| where the scale saturates. */
  percentile: number;
  /** Fixed end of the scale, overriding `percentile`. */
  range?: number;
  /** Default: `rdbu` for sign `all`, `inferno` otherwise (core's `defaultColormap`). */
  colormap?: ColormapName;
}

/** One token's colour: background as `rgb()`, a readable text colour on it, and the scale position. */
export interface TokenColor {
  background: string;
  foreground: string;
  /** Score after the sign filter, divided by the clip and clamped to [−1, 1]. */
  normalized: number;
}

/**
 * Colours for token scores through core's colormaps: the sign filter, a clip at the percentile (or `range`),
 * then the colormap (diverging maps centred on 0). Text is black or white, whichever contrasts more with the
 * background (WCAG relative luminance). Returns the colours and the clip used.
 */
export function tokenColors(
  scores: ArrayLike<number>,
  options: TokenColorOptions,
): { colors: TokenColor[]; clip: number } {
  const signed = applySign(Float32Array.from(scores), options.sign);
  const clip =
    options.range !== undefined && options.range > 0 ? options.range : clipValue(signed, options.percentile);
  const normalized = normalizeByClip(signed, clip);
  const table = colorTable(options.colormap ?? defaultColormap(options.sign));
  const colors = Array.from(normalized, (n) => {
    const [r, g, b] = lookupColor(table, options.sign === 'all' ? (n + 1) / 2 : n);
    return {
      background: `rgb(${r}, ${g}, ${b})`,
      foreground: luminance(r, g, b) > 0.179 ? '#000' : '#fff',
      normalized: n,
    };
  });
  return { colors, clip };
}

/** WCAG relative luminance of sRGB bytes. */
function luminance(r: number, g: number, b: number): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
