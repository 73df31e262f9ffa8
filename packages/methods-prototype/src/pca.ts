import { symmetricEigen } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import type { DataMatrix } from './matrix.js';
import { gaussian, seededRandom } from './random.js';

const ITERATIONS = 60;
const OVERSAMPLE = 6;

/** Principal-component coordinates and the variance each axis explains. */
export interface PcaResult {
  /** n×dims, row-major. */
  coordinates: Float64Array;
  /** Variance along each returned axis (eigenvalues of the covariance), descending. */
  variance: Float64Array;
}

/**
 * PCA by block subspace iteration on the active tfjs backend (the d×d covariance and its products are
 * tfjs matMuls), then Rayleigh–Ritz on the small block in float64. Axis signs are fixed so each axis's
 * largest-magnitude loading is positive, making the result independent of the random start.
 */
export async function pca(data: DataMatrix, dims: number, seed: number): Promise<PcaResult> {
  const { n, d } = data;
  const p = Math.min(d, dims + OVERSAMPLE);
  const random = seededRandom(seed);
  const start = Float32Array.from({ length: d * p }, () => gaussian(random));
  const { ritz, basis } = tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from(data.values), [n, d]);
    const centred = tf.sub(x, tf.mean(x, 0, true));
    const cov = tf.div(tf.matMul(centred, centred, true, false), Math.max(1, n - 1));
    let q = tf.linalg.qr(tf.tensor2d(start, [d, p]))[0];
    for (let i = 0; i < ITERATIONS; i++) q = tf.linalg.qr(tf.matMul(cov, q))[0];
    return { ritz: tf.matMul(q, tf.matMul(cov, q), true, false), basis: q };
  });
  // Asynchronous reads, so PCA on WebGPU does not stall the page.
  let small: Float64Array;
  let q: Float32Array | Int32Array | Uint8Array;
  try {
    small = Float64Array.from(await ritz.data());
    q = await basis.data();
  } finally {
    ritz.dispose();
    basis.dispose();
  }
  const eig = symmetricEigen(small, p);
  // Axes in feature space: basis · eigenvector.
  const axes = new Float64Array(d * dims);
  for (let c = 0; c < dims; c++) {
    let biggest = 0;
    for (let f = 0; f < d; f++) {
      let s = 0;
      for (let r = 0; r < p; r++) s += q[f * p + r] * eig.vectors[r * p + c];
      axes[f * dims + c] = s;
      if (Math.abs(s) > Math.abs(biggest)) biggest = s;
    }
    if (biggest < 0) for (let f = 0; f < d; f++) axes[f * dims + c] = -axes[f * dims + c];
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mean[f] += data.values[i * d + f] / n;
  const coordinates = new Float64Array(n * dims);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < dims; c++) {
      let s = 0;
      for (let f = 0; f < d; f++) s += (data.values[i * d + f] - mean[f]) * axes[f * dims + c];
      coordinates[i * dims + c] = s;
    }
  }
  return { coordinates, variance: eig.values.slice(0, dims) };
}
