import { cholesky, choleskySolve, SeededRandom } from '@loupe/core';
import type { KernelSource, KernelView } from './kernel-view.js';
import type { DataMatrix } from './matrix.js';

const BLOCK = 1024;
const CHECKED_COLUMNS = 32;

/**
 * RBF kernel for data too large to keep every pairwise distance: rows of K (needed for chosen examples)
 * are exact, computed from the data on demand; column sums come from the Nyström approximation
 * Σ_i K_ij ≈ k(x_j, L)·(K_LL + εI)⁻¹·Σ_i k(L, x_i) with L seeded landmark rows (Williams & Seeger 2001).
 * Each view measures its own error on a few seeded columns against exact sums; `maxRelativeError`
 * holds the largest seen.
 */
export class NystromKernel implements KernelSource {
  readonly n: number;
  readonly landmarks: number[];
  maxRelativeError = 0;
  checkedColumns = 0;
  private readonly norms: Float64Array;
  private readonly factor: Float64Array;

  constructor(
    private readonly data: DataMatrix,
    readonly gamma: number,
    landmarkCount: number,
    private readonly seed: number,
  ) {
    this.n = data.n;
    this.norms = new Float64Array(data.n);
    for (let i = 0; i < data.n; i++) this.norms[i] = this.dot(i, i);
    this.landmarks = new SeededRandom(seed).subset(data.n, landmarkCount).sort((a, b) => a - b);
    const l = this.landmarks.length;
    const gram = new Float64Array(l * l);
    for (let a = 0; a < l; a++)
      for (let b = 0; b < l; b++) gram[a * l + b] = this.k(this.landmarks[a], this.landmarks[b]);
    // Jitter only as much as needed to keep the landmark Gram numerically positive definite.
    let factor: Float64Array | null = null;
    for (let jitter = 1e-10; !factor; jitter *= 10) {
      const trial = gram.slice();
      for (let a = 0; a < l; a++) trial[a * l + a] += jitter;
      factor = cholesky(trial, l);
    }
    this.factor = factor;
  }

  private dot(i: number, j: number): number {
    const { values, d } = this.data;
    let s = 0;
    for (let k = 0; k < d; k++) s += values[i * d + k] * values[j * d + k];
    return s;
  }

  private k(i: number, j: number): number {
    if (i === j) return 1;
    const sq = this.norms[i] + this.norms[j] - 2 * this.dot(i, j);
    return Math.exp(-this.gamma * (sq > 0 ? sq : 0));
  }

  view(rows: readonly number[] | null): KernelView {
    const ids = rows ?? Array.from({ length: this.n }, (_, i) => i);
    const size = ids.length;
    const l = this.landmarks.length;
    const u = new Float64Array(l);
    for (let start = 0; start < size; start += BLOCK) {
      for (let r = start; r < Math.min(size, start + BLOCK); r++) {
        for (let a = 0; a < l; a++) u[a] += this.k(ids[r], this.landmarks[a]);
      }
    }
    const alpha = choleskySolve(this.factor, u, l);
    const colsum = new Float64Array(size);
    for (let r = 0; r < size; r++) {
      let s = 0;
      for (let a = 0; a < l; a++) s += this.k(ids[r], this.landmarks[a]) * alpha[a];
      colsum[r] = s;
    }
    this.measure(ids, colsum);
    let total = 0;
    for (let j = 0; j < size; j++) total += colsum[j];
    return {
      size,
      colsum,
      mean: total / (size * size),
      diag: () => 1,
      row: (i) => {
        const out = new Float64Array(size);
        for (let j = 0; j < size; j++) out[j] = this.k(ids[i], ids[j]);
        return out;
      },
    };
  }

  private measure(ids: readonly number[], colsum: Float64Array): void {
    const checks = new SeededRandom(this.seed + 1).subset(ids.length, CHECKED_COLUMNS).sort((a, b) => a - b);
    for (const j of checks) {
      let exact = 0;
      for (const i of ids) exact += this.k(i, ids[j]);
      this.maxRelativeError = Math.max(this.maxRelativeError, Math.abs(colsum[j] - exact) / exact);
    }
    this.checkedColumns += checks.length;
  }
}
