import { triangleIndex } from './distances.js';

/**
 * The RBF kernel restricted to a subset of rows ("view"), indexed 0..size−1 in the subset's order. The
 * greedy selections only ever need the column sums, the diagonal and the rows of chosen examples, so no
 * n×n kernel is ever materialised.
 */
export interface KernelView {
  readonly size: number;
  /** Σ_i K_ij over the view's rows, for every view row j (shared: read, never write). */
  readonly colsum: Float64Array;
  /** Mean of all K_ij over the view (for MMD²). */
  readonly mean: number;
  /** K_jj. */
  diag(j: number): number;
  /** K between view row i and every view row (a new array). */
  row(i: number): Float64Array;
}

/** A kernel that can produce views of any subset of its rows (or of all rows, `null`). */
export interface KernelSource {
  readonly n: number;
  readonly gamma: number;
  view(rows: readonly number[] | null): KernelView;
}

/**
 * Exact RBF kernel K_ij = exp(−γ·‖x_i − x_j‖²) held as its packed upper triangle (i < j, row-major;
 * K_ii = 1 implied). The column sums over all rows are computed once, here, and shared by every full view.
 */
export class TriangleKernel implements KernelSource {
  private readonly colsumAll: Float64Array;

  constructor(
    readonly n: number,
    readonly gamma: number,
    private readonly k: Float64Array,
  ) {
    this.colsumAll = this.fullColsum();
  }

  private value(i: number, j: number): number {
    if (i === j) return 1;
    const a = i < j ? i : j;
    const b = i < j ? j : i;
    return this.k[triangleIndex(this.n, a, b)];
  }

  view(rows: readonly number[] | null): KernelView {
    const size = rows === null ? this.n : rows.length;
    const colsum = rows === null ? this.colsumAll : this.subsetColsum(rows);
    let total = 0;
    for (let j = 0; j < size; j++) total += colsum[j];
    return {
      size,
      colsum,
      mean: total / (size * size),
      diag: () => 1,
      row: (i) => {
        const out = new Float64Array(size);
        const gi = rows === null ? i : rows[i];
        for (let j = 0; j < size; j++) out[j] = this.value(gi, rows === null ? j : rows[j]);
        return out;
      },
    };
  }

  // Walks the triangle in storage order (one sequential read) while adding every column's terms in
  // ascending row order, the order numpy's column sum uses, so exact ties resolve as in the reference.
  private fullColsum(): Float64Array {
    const { n, k } = this;
    const colsum = new Float64Array(n);
    let p = 0;
    for (let i = 0; i < n; i++) {
      let own = colsum[i] + 1;
      for (let j = i + 1; j < n; j++) {
        const v = k[p++];
        own += v;
        colsum[j] += v;
      }
      colsum[i] = own;
    }
    return colsum;
  }

  private subsetColsum(rows: readonly number[]): Float64Array {
    const size = rows.length;
    const colsum = new Float64Array(size);
    for (let a = 0; a < size; a++) {
      let own = colsum[a] + 1;
      for (let b = a + 1; b < size; b++) {
        const v = this.value(rows[a], rows[b]);
        own += v;
        colsum[b] += v;
      }
      colsum[a] = own;
    }
    return colsum;
  }
}
