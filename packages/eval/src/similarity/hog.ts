import { pearson } from './spearman.js';

/**
 * Histogram of oriented gradients (Dalal & Triggs 2005) of an `h`×`w` map: central-difference gradients,
 * 9 unsigned orientation bins over `cell`×`cell` cells (default 4), magnitude-weighted, each cell's
 * histogram L2-normalised.
 */
export function hog(map: ArrayLike<number>, h: number, w: number, cell = 4, bins = 9): Float64Array {
  const cy = Math.max(1, Math.floor(h / cell));
  const cx = Math.max(1, Math.floor(w / cell));
  const out = new Float64Array(cy * cx * bins);
  const at = (y: number, x: number) =>
    map[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
  for (let y = 0; y < Math.min(h, cy * cell); y++) {
    for (let x = 0; x < Math.min(w, cx * cell); x++) {
      const gx = at(y, x + 1) - at(y, x - 1);
      const gy = at(y + 1, x) - at(y - 1, x);
      const magnitude = Math.hypot(gx, gy);
      if (magnitude === 0) continue;
      const angle = ((Math.atan2(gy, gx) * 180) / Math.PI + 180) % 180;
      const bin = Math.min(bins - 1, Math.floor((angle / 180) * bins));
      out[(Math.floor(y / cell) * cx + Math.floor(x / cell)) * bins + bin] += magnitude;
    }
  }
  for (let c = 0; c < cy * cx; c++) {
    let s = 0;
    for (let b = 0; b < bins; b++) s += out[c * bins + b] ** 2;
    const norm = Math.sqrt(s) + 1e-12;
    for (let b = 0; b < bins; b++) out[c * bins + b] /= norm;
  }
  return out;
}

/** Similarity of two maps as the Pearson correlation of their HOG features (Adebayo et al. 2018). */
export function hogSimilarity(a: ArrayLike<number>, b: ArrayLike<number>, h: number, w: number): number {
  return pearson(hog(a, h, w), hog(b, h, w));
}
