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
 * Exact RBF kernel from the packed upper triangle of squared distances: K_ij = exp(−γ·D_ij), K_ii = 1.
 * The column sums over all rows (every exp of the triangle, the bulk of the work after the distances)
 * are computed once, here, and shared by every full view.
 */
export class TriangleKernel implements KernelSource {
  private readonly colsumAll: Float64Array;

  constructor(
    readonly n: number,
    readonly gamma: number,
    private readonly sq: Float64Array,
  ) {
    this.colsumAll = this.fullColsum();
  }

  private distance(i: number, j: number): number {
    if (i === j) return 0;
    const a = i < j ? i : j;
    const b = i < j ? j : i;
    return this.sq[(a * (2 * this.n - a - 1)) / 2 + (b - a - 1)];
  }

  view(rows: readonly number[] | null): KernelView {
    const size = rows === null ? this.n : rows.length;
    const colsum = rows === null ? this.colsumAll : this.subsetColsum(rows);
    let total = 0;
    for (let j = 0; j < size; j++) total += colsum[j];
    const g = this.gamma;
    return {
      size,
      colsum,
      mean: total / (size * size),
      diag: () => 1,
      row: (i) => {
        const out = new Float64Array(size);
        const gi = rows === null ? i : rows[i];
        for (let j = 0; j < size; j++) out[j] = Math.exp(-g * this.distance(gi, rows === null ? j : rows[j]));
        return out;
      },
    };
  }

  // Walks the triangle in storage order (one sequential read) while adding every column's terms in
  // ascending row order, the order numpy's column sum uses, so exact ties resolve as in the reference.
  private fullColsum(): Float64Array {
    const { n, sq } = this;
    const g = this.gamma;
    const colsum = new Float64Array(n);
    let p = 0;
    for (let i = 0; i < n; i++) {
      let own = colsum[i] + 1;
      for (let j = i + 1; j < n; j++) {
        const k = Math.exp(-g * sq[p++]);
        own += k;
        colsum[j] += k;
      }
      colsum[i] = own;
    }
    return colsum;
  }

  private subsetColsum(rows: readonly number[]): Float64Array {
    const size = rows.length;
    const g = this.gamma;
    const colsum = new Float64Array(size);
    for (let a = 0; a < size; a++) {
      let own = colsum[a] + 1;
      for (let b = a + 1; b < size; b++) {
        const k = Math.exp(-g * this.distance(rows[a], rows[b]));
        own += k;
        colsum[b] += k;
      }
      colsum[a] = own;
    }
    return colsum;
  }
}
