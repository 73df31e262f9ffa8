import { type BlockProduct, cholesky, forwardSubstitute, topEigenpairs } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { DensityPrior } from './types.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Statistics of a data set the Gaussian fits share. */
export interface DataMoments {
  /** `[N, D]` data. */
  data: tf.Tensor2D;
  mean: Float32Array;
  /** Per-dimension variance (not floored). */
  variance: Float32Array;
}

/** Top `rank` eigenpairs of the data covariance, via the smaller of the D×D covariance and the N×N Gram. */
async function topEigen(moments: DataMoments, rank: number, iterations: number, seed: number) {
  const [n, d] = moments.data.shape;
  const useGram = n < d;
  const m = useGram ? n : d;
  const centred = tf.tidy(() => tf.sub(moments.data, tf.tensor1d(moments.mean)));
  const matrix = tf.tidy(() =>
    tf.div(useGram ? tf.matMul(centred, centred, false, true) : tf.matMul(centred, centred, true, false), n),
  );
  try {
    // The m×m product runs on the backend (float32), the block algebra in float64; float32 products
    // cannot resolve residuals much below 1e-6, so that is where the iteration stops.
    const times: BlockProduct = async (v, p) => {
      const product = tf.tidy(() => tf.matMul(matrix, tf.tensor2d(Float32Array.from(v), [m, p])));
      return Float64Array.from(await product.data().finally(() => product.dispose()));
    };
    const { values, vectors: small } = await topEigenpairs(times, m, rank, {
      oversample: 10,
      maxIterations: iterations,
      tolerance: 1e-6,
      seed,
    });
    const lambdas = Array.from(values, (v) => Math.max(v, 0));
    if (!useGram) return { lambdas, vectors: small };
    // Gram eigenvector v ↦ covariance eigenvector Xcᵀv / √(Nλ).
    const lifted = tf.tidy(() => {
      const norms = tf.tensor1d(lambdas.map((l) => 1 / Math.sqrt(Math.max(n * l, 1e-30))));
      return tf.mul(tf.matMul(centred, tf.tensor2d(Float32Array.from(small), [n, rank]), true, false), norms);
    });
    const vectors = Float64Array.from(await lifted.data().finally(() => lifted.dispose()));
    return { lambdas, vectors };
  } finally {
    centred.dispose();
    matrix.dispose();
  }
}

/**
 * A Gaussian with covariance W·Wᵀ + diag(ψ): W spans the top `rank` principal directions with the
 * probabilistic-PCA scaling (Tipping & Bishop 1999), and ψ restores each dimension's own residual
 * variance (floored). log p(x) uses the Woodbury identity, so no D×D matrix is ever inverted.
 */
export async function lowRankGaussian(
  moments: DataMoments,
  rank: number,
  minVariance: number,
  iterations: number,
  seed: number,
): Promise<DensityPrior> {
  const dim = moments.mean.length;
  const { lambdas, vectors } = await topEigen(moments, rank, iterations, seed);
  let trace = 0;
  for (const v of moments.variance) trace += v;
  const residual = Math.max((trace - lambdas.reduce((a, b) => a + b, 0)) / Math.max(dim - rank, 1), 0);
  const w = new Float64Array(dim * rank);
  const psi = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    let explained = 0;
    for (let r = 0; r < rank; r++) {
      const value = vectors[i * rank + r] * Math.sqrt(Math.max(lambdas[r] - residual, 0));
      w[i * rank + r] = value;
      explained += value * value;
    }
    psi[i] = Math.max(moments.variance[i] - explained, minVariance);
  }
  // M = I + Wᵀ Ψ⁻¹ W;  Σ⁻¹ = Ψ⁻¹ − Ψ⁻¹W M⁻¹ WᵀΨ⁻¹;  log|Σ| = log|M| + Σ log ψ.
  const m = new Float64Array(rank * rank);
  for (let a = 0; a < rank; a++) {
    for (let b = 0; b < rank; b++) {
      let s = a === b ? 1 : 0;
      for (let i = 0; i < dim; i++) s += (w[i * rank + a] * w[i * rank + b]) / psi[i];
      m[a * rank + b] = s;
    }
  }
  // M = I + (positive semi-definite) has every eigenvalue ≥ 1, so the factorisation cannot fail.
  const l = cholesky(m, rank) as Float64Array;
  let logDet = 0;
  for (let a = 0; a < rank; a++) logDet += 2 * Math.log(l[a * rank + a]);
  for (const v of psi) logDet += Math.log(v);
  const wtPsiInv = new Float64Array(rank * dim);
  for (let a = 0; a < rank; a++)
    for (let i = 0; i < dim; i++) wtPsiInv[a * dim + i] = w[i * rank + a] / psi[i];
  const projection = forwardSubstitute(l, wtPsiInv, rank, dim);
  const mu = tf.tensor1d(moments.mean);
  const precision = tf.tensor1d(Float32Array.from(psi, (v) => 1 / v));
  const p = tf.tensor2d(Float32Array.from(projection), [rank, dim]);
  const constant = -0.5 * (logDet + dim * LOG_2PI);
  return {
    kind: 'gaussian-lowrank',
    dim,
    logProb(x) {
      return tf.tidy(() => {
        const d = tf.sub(tf.reshape(x, [x.shape[0], dim]), mu);
        const diagonal = tf.sum(tf.mul(tf.square(d), precision), 1);
        const correction = tf.sum(tf.square(tf.matMul(d, p, false, true)), 1);
        return tf.add(tf.mul(tf.sub(diagonal, correction), -0.5), constant) as tf.Tensor1D;
      });
    },
    dispose() {
      mu.dispose();
      precision.dispose();
      p.dispose();
    },
  };
}
