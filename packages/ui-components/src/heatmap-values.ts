/**
 * Attribution values a heatmap reads: core's `Attribution` (anything with `shape` and async `data()`),
 * or plain numbers with their shape. Shapes: [H, W], [H, W, C] or [1, H, W, C].
 */
export type HeatmapValues =
  | { readonly shape: readonly number[]; data(): Promise<Float32Array> }
  | { readonly shape: readonly number[]; readonly values: ArrayLike<number> };

/** The flat values and shape of {@link HeatmapValues}. */
export async function readHeatmapValues(
  source: HeatmapValues,
): Promise<{ values: ArrayLike<number>; shape: readonly number[] }> {
  if ('data' in source && typeof source.data === 'function') {
    return { values: await source.data(), shape: source.shape };
  }
  return { values: (source as { values: ArrayLike<number> }).values, shape: source.shape };
}

/** Formats a value with 3 significant digits (scale ends, the value under the pointer). */
export function formatValue(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) return value.toExponential(2);
  return Number(value.toPrecision(3)).toString();
}
