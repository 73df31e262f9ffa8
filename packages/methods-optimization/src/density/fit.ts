import { InputShapeError, normalizeInputAsync, OptionError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { diagonalGaussian } from './gaussian-diagonal.js';
import { type DataMoments, lowRankGaussian } from './gaussian-lowrank.js';
import { gaussianMixture } from './mixture.js';
import type { DensityFitOptions, DensityKind, DensityPrior } from './types.js';

const KINDS: readonly DensityKind[] = ['gaussian-diagonal', 'gaussian-lowrank', 'mixture'];

function positiveInteger(value: number, name: string, max: number, why: string): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new OptionError(`${name} must be an integer in 1–${max} (${why}); got ${value}.`);
  }
  return value;
}

/**
 * Fits a density to data `[N, ...]` (each example flattened), to be used as `prior.density` of
 * activation maximisation — the data-driven "expert" p(x). Kinds: a diagonal Gaussian; a Gaussian with
 * low-rank-plus-diagonal covariance (principal directions capture how pixels co-vary, e.g. strokes); a
 * mixture of diagonal Gaussians fitted by seeded EM (one mode per digit style). Deterministic for a seed.
 * Throws `InputShapeError`/`InputValueError` for unusable data and `OptionError` for bad options. Reads
 * tensors back asynchronously, so it runs on WebGPU too.
 */
export async function fitDensityPrior(
  data: tf.Tensor,
  options: DensityFitOptions = {},
): Promise<DensityPrior> {
  const kind = options.kind ?? 'gaussian-diagonal';
  if (!KINDS.includes(kind))
    throw new OptionError(`Unknown density kind "${String(kind)}"; use one of ${KINDS.join(', ')}.`);
  // Tensor, dtype, empty-batch and NaN/Infinity checks; `null` shape, as any example shape is accepted.
  await normalizeInputAsync(data, null);
  if (data.rank < 2 || data.shape[0] < 2) {
    throw new InputShapeError(
      `fitDensityPrior needs at least 2 examples with a batch dimension first; got shape [${data.shape.join(', ')}].`,
    );
  }
  const n = data.shape[0];
  const dim = data.size / n;
  const iterations = positiveInteger(
    options.iterations ?? 50,
    'iterations',
    100_000,
    'EM or subspace iterations',
  );
  const seed = options.seed ?? 0;
  const tolerance = options.tolerance ?? 1e-3;
  if (!(tolerance >= 0)) throw new OptionError(`tolerance must be ≥ 0; got ${tolerance}.`);
  const rank =
    kind === 'gaussian-lowrank'
      ? positiveInteger(
          options.rank ?? 16,
          'rank',
          Math.min(n, dim) - 1,
          'below the number of examples and of dimensions',
        )
      : 0;
  const components =
    kind === 'mixture'
      ? positiveInteger(options.components ?? 10, 'components', n, 'at most one per example')
      : 0;

  const flat = tf.reshape(data, [n, dim]) as tf.Tensor2D;
  try {
    const { mean, variance } = tf.tidy(() => tf.moments(flat, 0));
    let moments: DataMoments;
    try {
      moments = {
        data: flat,
        mean: (await mean.data()) as Float32Array,
        variance: (await variance.data()) as Float32Array,
      };
    } finally {
      mean.dispose();
      variance.dispose();
    }
    const averageVariance = moments.variance.reduce((a, b) => a + b, 0) / dim;
    const minVariance = options.minVariance ?? Math.max(0.01 * averageVariance, 1e-12);
    if (!(minVariance > 0)) throw new OptionError(`minVariance must be > 0; got ${minVariance}.`);
    switch (kind) {
      case 'gaussian-diagonal':
        return diagonalGaussian(
          moments.mean,
          moments.variance.map((v) => Math.max(v, minVariance)),
        );
      case 'gaussian-lowrank':
        // Awaited here so `flat` outlives the fit.
        return await lowRankGaussian(moments, rank, minVariance, iterations, seed);
      default:
        return await gaussianMixture(moments, components, minVariance, iterations, tolerance, seed);
    }
  } finally {
    if (flat !== data) flat.dispose();
  }
}
