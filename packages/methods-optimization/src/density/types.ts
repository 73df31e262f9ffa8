import type * as tf from '@tensorflow/tfjs-core';

/** The density families `fitDensityPrior` can fit. */
export type DensityKind = 'gaussian-diagonal' | 'gaussian-lowrank' | 'mixture';

/**
 * A density p(x) fitted on data, usable as the "expert" prior of activation maximisation: `logProb` is
 * differentiable, so λ·log p(x) can be added to the objective. Owns tensors: call `dispose()`.
 */
export interface DensityPrior {
  readonly kind: DensityKind;
  /** Number of values per example (the product of the data's non-batch dimensions). */
  readonly dim: number;
  /** log p(x) in nats per example, `[N]`, for x `[N, ...]` with `dim` values per example. */
  logProb(x: tf.Tensor): tf.Tensor1D;
  /** Frees the fitted parameters. */
  dispose(): void;
}

/** Options of `fitDensityPrior`. */
export interface DensityFitOptions {
  /** Which density. Default `'gaussian-diagonal'`. */
  kind?: DensityKind;
  /** Mixture components (`'mixture'`). Default 10. */
  components?: number;
  /** Rank of the low-rank covariance factor (`'gaussian-lowrank'`). Default 16. */
  rank?: number;
  /**
   * Smallest variance any dimension may have, in data units². Constant pixels (an MNIST border) would
   * otherwise get zero variance and an infinite density. Default: 1% of the mean per-dimension variance.
   */
  minVariance?: number;
  /** EM iterations for `'mixture'`, subspace iterations for `'gaussian-lowrank'`. Default 50. */
  iterations?: number;
  /** EM stops once the mean log-likelihood improves by less than this (nats per example). Default 1e-3. */
  tolerance?: number;
  /** Seed of the mixture's initial means and the low-rank starting subspace. Default 0. */
  seed?: number;
}
