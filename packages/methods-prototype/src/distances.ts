import type { DataMatrix } from './matrix.js';

/** Position of pair (i, j), i < j, in a packed upper triangle of an n×n symmetric matrix. */
export function triangleIndex(n: number, i: number, j: number): number {
  return (i * (2 * n - i - 1)) / 2 + (j - i - 1);
}

/** ‖x_i‖² for every row. */
export function squaredNorms(m: DataMatrix): Float64Array {
  const { values, n, d } = m;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = i * d; k < (i + 1) * d; k++) s += values[k] * values[k];
    out[i] = s;
  }
  return out;
}

// Column tiles keep a few dozen rows hot in cache while every row block streams past them.
const TILE = 32;

/**
 * Every pairwise squared Euclidean distance ‖x_i‖² + ‖x_j‖² − 2·x_i·x_j (clamped at 0, as scikit-learn's
 * `euclidean_distances` does), i < j, packed row-major in an upper triangle of n(n−1)/2 float64 values.
 * The dot products run on 4×2 register blocks over column tiles, so memory beyond the result is O(n).
 */
export function pairwiseSquaredDistances(m: DataMatrix): Float64Array {
  const { values: x, n, d } = m;
  const norms = squaredNorms(m);
  const out = new Float64Array((n * (n - 1)) / 2);
  for (let c0 = 0; c0 < n; c0 += TILE) {
    const c1 = Math.min(n, c0 + TILE);
    for (let i0 = 0; i0 < c1; i0 += 4) {
      const i1 = Math.min(i0 + 1, n - 1);
      const i2 = Math.min(i0 + 2, n - 1);
      const i3 = Math.min(i0 + 3, n - 1);
      const a0 = i0 * d;
      const a1 = i1 * d;
      const a2 = i2 * d;
      const a3 = i3 * d;
      for (let j0 = Math.max(c0, i0 + 1); j0 < c1; j0 += 2) {
        const j1 = Math.min(j0 + 1, c1 - 1);
        const b0 = j0 * d;
        const b1 = j1 * d;
        let s00 = 0;
        let s10 = 0;
        let s20 = 0;
        let s30 = 0;
        let s01 = 0;
        let s11 = 0;
        let s21 = 0;
        let s31 = 0;
        for (let k = 0; k < d; k++) {
          const y0 = x[b0 + k];
          const y1 = x[b1 + k];
          const p = x[a0 + k];
          const q = x[a1 + k];
          const r = x[a2 + k];
          const t = x[a3 + k];
          s00 += p * y0;
          s10 += q * y0;
          s20 += r * y0;
          s30 += t * y0;
          s01 += p * y1;
          s11 += q * y1;
          s21 += r * y1;
          s31 += t * y1;
        }
        store(out, norms, n, i0, j0, s00);
        store(out, norms, n, i1, j0, s10);
        store(out, norms, n, i2, j0, s20);
        store(out, norms, n, i3, j0, s30);
        store(out, norms, n, i0, j1, s01);
        store(out, norms, n, i1, j1, s11);
        store(out, norms, n, i2, j1, s21);
        store(out, norms, n, i3, j1, s31);
      }
    }
  }
  return out;
}

// Padded block rows/columns repeat the last index; only pairs with i < j are written.
function store(out: Float64Array, norms: Float64Array, n: number, i: number, j: number, dot: number): void {
  if (i >= j) return;
  const v = norms[i] + norms[j] - 2 * dot;
  out[triangleIndex(n, i, j)] = v > 0 ? v : 0;
}

/** Squared distances from each row of `a` to each row of `b`, an |a|×|b| row-major matrix. */
export function crossSquaredDistances(a: DataMatrix, b: DataMatrix): Float64Array {
  const na = squaredNorms(a);
  const nb = squaredNorms(b);
  const d = a.d;
  const out = new Float64Array(a.n * b.n);
  for (let i = 0; i < a.n; i++) {
    const ai = i * d;
    for (let j = 0; j < b.n; j++) {
      const bj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += a.values[ai + k] * b.values[bj + k];
      const v = na[i] + nb[j] - 2 * s;
      out[i * b.n + j] = v > 0 ? v : 0;
    }
  }
  return out;
}
