import { type BlockProduct, topEigenpairs } from '@loupe/core';
import type { DataMatrix } from './matrix.js';

/** Above this many rows and features both, the m×m matrix is not formed and each product runs through X. */
const DENSE_LIMIT = 2048;

/** Principal-component coordinates and the variance each axis explains. */
export interface PcaResult {
  /** n×dims, row-major. */
  coordinates: Float64Array;
  /** Variance along each returned axis (eigenvalues of the covariance), descending. */
  variance: Float64Array;
  /** Unit axes in feature space, d×dims row-major; each axis's largest-magnitude loading is positive. */
  axes: Float64Array;
}

/** The rows minus their mean, float64 n×d. */
function centre({ values, n, d }: DataMatrix): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mean[f] += values[i * d + f];
  for (let f = 0; f < d; f++) mean[f] /= n;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) out[i * d + f] = values[i * d + f] - mean[f];
  return out;
}

/** X·Xᵀ (n×n) of row-major X n×d: one dot product of contiguous rows per pair, mirrored. */
function gram(x: Float64Array, n: number, d: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * d;
    for (let j = 0; j <= i; j++) {
      const rj = j * d;
      // Four partial sums: independent additions keep the CPU's floating-point units busy.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let f = 0;
      for (; f + 3 < d; f += 4) {
        s0 += x[ri + f] * x[rj + f];
        s1 += x[ri + f + 1] * x[rj + f + 1];
        s2 += x[ri + f + 2] * x[rj + f + 2];
        s3 += x[ri + f + 3] * x[rj + f + 3];
      }
      for (; f < d; f++) s0 += x[ri + f] * x[rj + f];
      const s = s0 + s1 + s2 + s3;
      g[i * n + j] = s;
      g[j * n + i] = s;
    }
  }
  return g;
}

/** Xᵀ·X (d×d) of row-major X n×d: the Gram matrix of X's columns, made contiguous first for cache-friendly dots. */
function scatter(x: Float64Array, n: number, d: number): Float64Array {
  const columns = new Float64Array(d * n);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) columns[f * n + i] = x[i * d + f];
  return gram(columns, d, n);
}

/** A·Q for a dense symmetric m×m A and Q m×p. */
function denseProduct(a: Float64Array, m: number): BlockProduct {
  return (q, p) => {
    const out = new Float64Array(m * p);
    for (let i = 0; i < m; i++)
      for (let k = 0; k < m; k++) {
        const v = a[i * m + k];
        if (v !== 0) for (let j = 0; j < p; j++) out[i * p + j] += v * q[k * p + j];
      }
    return out;
  };
}

/** X·Y for X rows×cols and Y cols×p; with `transposeX`, Xᵀ·Y for Y rows×p. */
function multiply(
  x: Float64Array,
  rows: number,
  cols: number,
  y: Float64Array,
  p: number,
  transposeX: boolean,
) {
  const out = new Float64Array((transposeX ? cols : rows) * p);
  for (let i = 0; i < rows; i++)
    for (let f = 0; f < cols; f++) {
      const v = x[i * cols + f];
      if (v === 0) continue;
      if (transposeX) for (let j = 0; j < p; j++) out[f * p + j] += v * y[i * p + j];
      else for (let j = 0; j < p; j++) out[i * p + j] += v * y[f * p + j];
    }
  return out;
}

/**
 * PCA in float64: the top `dims` eigenpairs of the smaller of the n×n Gram matrix X·Xᵀ and the d×d scatter
 * matrix XᵀX of the centred data (the two share their non-zero eigenvalues), by core's block subspace
 * iteration to residuals of 1e-10 relative. When both n and d exceed 2,048 the matrix is not formed and each
 * product runs through X (2·n·d·p operations). Gram eigenvectors u become feature axes Xᵀu/‖Xᵀu‖. Axis signs
 * are fixed so each axis's largest-magnitude loading is positive, so the result does not depend on the
 * random start. 1,000 MNIST digits (784 pixels) take well under a second.
 */
export async function pca(data: DataMatrix, dims: number, seed: number): Promise<PcaResult> {
  const { n, d } = data;
  const x = centre(data);
  const useGram = n <= d;
  const m = useGram ? n : d;
  const product: BlockProduct =
    Math.min(n, d) <= DENSE_LIMIT
      ? denseProduct(useGram ? gram(x, n, d) : scatter(x, n, d), m)
      : useGram
        ? (q, p) => multiply(x, n, d, multiply(x, n, d, q, p, true), p, false)
        : (q, p) => multiply(x, n, d, multiply(x, n, d, q, p, false), p, true);
  const k = Math.min(dims, m);
  const { values, vectors } = await topEigenpairs(product, m, k, { seed });
  const axes = new Float64Array(d * dims);
  const lifted = useGram ? multiply(x, n, d, vectors, k, true) : vectors;
  for (let c = 0; c < k; c++) {
    let norm = 0;
    let biggest = 0;
    for (let f = 0; f < d; f++) {
      const v = lifted[f * k + c];
      norm += v * v;
      if (Math.abs(v) > Math.abs(biggest)) biggest = v;
    }
    // A direction with no variance (fewer points than dims) has no defined axis: it stays zero.
    const scale = norm > 1e-24 * Math.max(values[0], 1) ? Math.sign(biggest) / Math.sqrt(norm) : 0;
    for (let f = 0; f < d; f++) axes[f * dims + c] = lifted[f * k + c] * scale;
  }
  const coordinates = multiply(x, n, d, axes, dims, false);
  const variance = new Float64Array(dims);
  for (let c = 0; c < k; c++) variance[c] = Math.max(values[c], 0) / Math.max(1, n - 1);
  return { coordinates, variance, axes };
}
