import { SeededRandom } from '@loupe/core';
import type { DataMatrix } from './matrix.js';

/** Settings of exact t-SNE. */
export interface TsneSettings {
  dims: number;
  perplexity: number;
  iterations: number;
  learningRate: number;
  seed: number;
}

/**
 * Exact t-SNE (van der Maaten & Hinton, JMLR 2008): per-row Gaussian bandwidths found by bisection to
 * match the perplexity, symmetrised affinities, Student-t output kernel, gradient descent with early
 * exaggeration (×12 for the first 250 iterations), momentum 0.5→0.8 and per-coordinate gains.
 * O(n²) time and memory per iteration: meant for the few thousand points a plot can show.
 */
export function tsne(data: DataMatrix, s: TsneSettings): Float64Array {
  const { n } = data;
  const p = affinities(data, s.perplexity);
  const random = new SeededRandom(s.seed);
  const y = Float64Array.from({ length: n * s.dims }, () => 1e-4 * random.normal());
  const update = new Float64Array(n * s.dims);
  const gains = new Float64Array(n * s.dims).fill(1);
  const num = new Float64Array(n * n);
  const grad = new Float64Array(s.dims);
  for (let it = 0; it < s.iterations; it++) {
    const exaggeration = it < 250 ? 12 : 1;
    const momentum = it < 250 ? 0.5 : 0.8;
    let z = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dist = 0;
        for (let c = 0; c < s.dims; c++) {
          const diff = y[i * s.dims + c] - y[j * s.dims + c];
          dist += diff * diff;
        }
        const q = 1 / (1 + dist);
        num[i * n + j] = q;
        num[j * n + i] = q;
        z += 2 * q;
      }
    }
    for (let i = 0; i < n; i++) {
      grad.fill(0);
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const q = num[i * n + j];
        const mult = 4 * (exaggeration * p[i * n + j] - q / z) * q;
        for (let c = 0; c < s.dims; c++) grad[c] += mult * (y[i * s.dims + c] - y[j * s.dims + c]);
      }
      for (let c = 0; c < s.dims; c++) {
        const at = i * s.dims + c;
        gains[at] =
          Math.sign(grad[c]) !== Math.sign(update[at]) ? gains[at] + 0.2 : Math.max(0.01, gains[at] * 0.8);
        update[at] = momentum * update[at] - s.learningRate * gains[at] * grad[c];
      }
    }
    for (let at = 0; at < y.length; at++) y[at] += update[at];
    centre(y, n, s.dims);
  }
  return y;
}

function centre(y: Float64Array, n: number, dims: number): void {
  for (let c = 0; c < dims; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i * dims + c] / n;
    for (let i = 0; i < n; i++) y[i * dims + c] -= mean;
  }
}

// Symmetrised input affinities p_ij = (p_j|i + p_i|j)/(2n), each row's β bisected so that the
// conditional distribution's entropy is log(perplexity).
function affinities(data: DataMatrix, perplexity: number): Float64Array {
  const { values, n, d } = data;
  const sq = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = values[i * d + k] - values[j * d + k];
        s += diff * diff;
      }
      sq[i * n + j] = s;
      sq[j * n + i] = s;
    }
  }
  const target = Math.log(perplexity);
  const cond = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let beta = 1;
    let lo = 0;
    let hi = Number.POSITIVE_INFINITY;
    for (let step = 0; step < 100; step++) {
      let sum = 0;
      let weighted = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const v = Math.exp(-beta * sq[i * n + j]);
        cond[i * n + j] = v;
        sum += v;
        weighted += v * sq[i * n + j];
      }
      const entropy = sum > 0 ? Math.log(sum) + (beta * weighted) / sum : 0;
      for (let j = 0; j < n; j++) cond[i * n + j] = sum > 0 ? cond[i * n + j] / sum : 0;
      if (Math.abs(entropy - target) < 1e-5) break;
      if (entropy > target) {
        lo = beta;
        beta = hi === Number.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
    }
  }
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) p[i * n + j] = Math.max((cond[i * n + j] + cond[j * n + i]) / (2 * n), 1e-12);
  }
  return p;
}
