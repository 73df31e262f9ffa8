import * as tf from '@tensorflow/tfjs-core';
import type { DensityPrior } from './types.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * A Gaussian with diagonal covariance: log p(x) = −½ Σᵢ [(xᵢ − μᵢ)²/σᵢ² + log σᵢ² + log 2π].
 * `variance` must already be floored (positive).
 */
export function diagonalGaussian(mean: Float32Array, variance: Float32Array): DensityPrior {
  const dim = mean.length;
  const mu = tf.tensor1d(mean);
  const precision = tf.tensor1d(variance.map((v) => 1 / v));
  let logDet = 0;
  for (const v of variance) logDet += Math.log(v);
  const constant = -0.5 * (logDet + dim * LOG_2PI);
  return {
    kind: 'gaussian-diagonal',
    dim,
    logProb(x) {
      return tf.tidy(() => {
        const d = tf.sub(tf.reshape(x, [x.shape[0], dim]), mu);
        return tf.add(tf.mul(tf.sum(tf.mul(tf.square(d), precision), 1), -0.5), constant) as tf.Tensor1D;
      });
    },
    dispose() {
      mu.dispose();
      precision.dispose();
    },
  };
}
