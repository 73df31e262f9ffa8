import { arrowMove } from './arrow-keys.js';

/** A pan/zoom view: screen = base(data) × scale + offset, in CSS pixels. */
export interface View {
  scale: number;
  offsetX: number;
  offsetY: number;
}

/** Bounds of 2-D points; a degenerate axis is widened to 1 so nothing divides by zero. */
export function bounds(
  xs: Float32Array,
  ys: Float32Array,
): { minX: number; minY: number; spanX: number; spanY: number } {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
    minX = Math.min(minX, xs[i]);
    maxX = Math.max(maxX, xs[i]);
    minY = Math.min(minY, ys[i]);
    maxY = Math.max(maxY, ys[i]);
  }
  if (!Number.isFinite(minX)) return { minX: 0, minY: 0, spanX: 1, spanY: 1 };
  return { minX, minY, spanX: maxX - minX || 1, spanY: maxY - minY || 1 };
}

/** Zooms by `factor` keeping the screen point (px, py) fixed, within [0.2, 200]× the fitted view. */
export function zoomAt(view: View, factor: number, px: number, py: number): View {
  const scale = Math.min(200, Math.max(0.2, view.scale * factor));
  const applied = scale / view.scale;
  return { scale, offsetX: px - (px - view.offsetX) * applied, offsetY: py - (py - view.offsetY) * applied };
}

/**
 * The view after a pan/zoom key (arrows pan 40 px, +/= and − zoom about `centre`, 0 resets), or
 * undefined for other keys.
 */
export function viewForKey(view: View, key: string, centre: [number, number]): View | undefined {
  // An arrow moves the view the other way: the content follows the arrow.
  const pan = arrowMove(key, -40);
  if (pan) return { ...view, offsetX: view.offsetX + pan[0], offsetY: view.offsetY + pan[1] };
  if (key === '+' || key === '=') return zoomAt(view, 1.25, ...centre);
  if (key === '-') return zoomAt(view, 0.8, ...centre);
  if (key === '0') return { scale: 1, offsetX: 0, offsetY: 0 };
  return undefined;
}
