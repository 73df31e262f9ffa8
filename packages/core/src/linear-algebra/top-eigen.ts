import { SeededRandom } from '../random/seeded-random.js';
import { orthonormalizeColumns } from './orthonormalize.js';
import { symmetricEigen } from './symmetric-eigen.js';

/**
 * A symmetric m×m operator given by its product with a block: `multiply(q, p)` returns A·Q for Q m×p
 * (both row-major float64). It may run anywhere (plain loops, a tfjs matMul on a GPU) and may be async.
 */
export type BlockProduct = (q: Float64Array, p: number) => Float64Array | Promise<Float64Array>;

/** Options of {@link topEigenpairs}. */
export interface TopEigenOptions {
  /** Extra columns iterated beyond k; more converge faster when eigenvalues are close (default 8). */
  oversample?: number;
  /** Most block products (default 300). */
  maxIterations?: number;
  /**
   * Stop once every wanted Ritz pair has ‖A·v − θ·v‖ ≤ tolerance·θ₁ (default 1e-10). 0 runs exactly
   * `maxIterations` products.
   */
  tolerance?: number;
  /** Seed of the random start block (default 0). */
  seed?: number;
}

/** The k largest eigenvalues (descending) and unit eigenvectors (columns of m×k, row-major). */
export interface TopEigenpairs {
  values: Float64Array;
  vectors: Float64Array;
  /** Block products used. */
  iterations: number;
}

/** Q·Y for Q m×p and Y p×c (row-major). */
function times(q: Float64Array, y: Float64Array, m: number, p: number, c: number): Float64Array {
  const out = new Float64Array(m * c);
  for (let i = 0; i < m; i++)
    for (let r = 0; r < p; r++) {
      const v = q[i * p + r];
      if (v !== 0) for (let j = 0; j < c; j++) out[i * c + j] += v * y[r * c + j];
    }
  return out;
}

/**
 * Top-k eigenpairs of a symmetric positive semi-definite operator by block subspace iteration with
 * Rayleigh–Ritz (Saad, "Numerical Methods for Large Eigenvalue Problems", ch. 5): Z = A·Q, the Ritz pairs of
 * QᵀZ, then Q ← orth(Z), until the wanted pairs' residuals fall below the tolerance. The block products are
 * the caller's (see `BlockProduct`); everything else is float64. One implementation for PCA projections and
 * low-rank Gaussian priors.
 */
export async function topEigenpairs(
  multiply: BlockProduct,
  m: number,
  k: number,
  options: TopEigenOptions = {},
): Promise<TopEigenpairs> {
  const p = Math.min(m, k + (options.oversample ?? 8));
  const maxIterations = Math.max(1, options.maxIterations ?? 300);
  const tolerance = options.tolerance ?? 1e-10;
  const random = new SeededRandom(options.seed ?? 0);
  const q = Float64Array.from({ length: m * p }, () => random.normal());
  orthonormalizeColumns(q, m, p);
  let iterations = 0;
  for (;;) {
    const z = await multiply(q, p);
    iterations += 1;
    // Rayleigh–Ritz: T = Qᵀ·Z (p×p, symmetrised against rounding).
    const t = new Float64Array(p * p);
    for (let i = 0; i < m; i++)
      for (let a = 0; a < p; a++) {
        const qa = q[i * p + a];
        if (qa !== 0) for (let b = 0; b < p; b++) t[a * p + b] += qa * z[i * p + b];
      }
    for (let a = 0; a < p; a++)
      for (let b = 0; b < a; b++) t[a * p + b] = t[b * p + a] = 0.5 * (t[a * p + b] + t[b * p + a]);
    const { values, vectors } = symmetricEigen(t, p);
    const ritz = times(q, vectors, m, p, p);
    const done =
      iterations >= maxIterations ||
      (tolerance > 0 && residualsBelow(tolerance, ritz, times(z, vectors, m, p, p), values, m, p, k));
    if (done) return finish(ritz, values, m, p, k, iterations);
    q.set(z);
    orthonormalizeColumns(q, m, p);
  }
}

/** Whether the first k Ritz pairs (columns of v, A·v) have ‖A·v − θ·v‖ ≤ tolerance·θ₁. */
function residualsBelow(
  tolerance: number,
  v: Float64Array,
  av: Float64Array,
  values: Float64Array,
  m: number,
  p: number,
  k: number,
): boolean {
  const scale = Math.max(Math.abs(values[0]), Number.MIN_VALUE);
  for (let c = 0; c < k; c++) {
    let r = 0;
    for (let i = 0; i < m; i++) r += (av[i * p + c] - values[c] * v[i * p + c]) ** 2;
    if (Math.sqrt(r) > tolerance * scale) return false;
  }
  return true;
}

function finish(
  ritz: Float64Array,
  values: Float64Array,
  m: number,
  p: number,
  k: number,
  iterations: number,
): TopEigenpairs {
  const vectors = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) vectors[i * k + c] = ritz[i * p + c];
  return { values: values.slice(0, k), vectors, iterations };
}
