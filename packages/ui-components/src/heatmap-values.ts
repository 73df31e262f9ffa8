import type { AttributionSource } from '@loupe/core';

/**
 * Attribution values a heatmap reads: core's `Attribution` (anything with `shape` and async `data()`),
 * a tensor, or plain numbers with their shape. Shapes: [H, W], [H, W, C] or [1, H, W, C].
 * Core's `AttributionSource`; read with core's `readAttributionValues`.
 */
export type HeatmapValues = AttributionSource;

/** Formats a value with 3 significant digits (scale ends, the value under the pointer). */
export function formatValue(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) return value.toExponential(2);
  return Number(value.toPrecision(3)).toString();
}
