import { SeededRandom } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { DataMoments } from './gaussian-lowrank.js';
import type { DensityPrior } from './types.js';

const LOG_2PI = Math.log(2 * Math.PI);

interface MixtureParameters {
  means: tf.Tensor2D; // [K, D]
  variances: tf.Tensor2D; // [K, D]
  logWeights: tf.Tensor1D; // [K]
}

/** log(π_k · N(x; μ_k, diag σ_k²)) for every row and component, `[N, K]`, by matrix products. */
function logJoint(x: tf.Tensor2D, p: MixtureParameters): tf.Tensor2D {
  return tf.tidy(() => {
    const precision = tf.reciprocal(p.variances);
    const quadratic = tf.add(
      tf.sub(
        tf.matMul(tf.square(x), precision, false, true),
        tf.mul(tf.matMul(x, tf.mul(p.means, precision), false, true), 2),
      ),
      tf.sum(tf.mul(tf.square(p.means), precision), 1),
    );
    const norm = tf.add(tf.sum(tf.log(p.variances), 1), x.shape[1] * LOG_2PI);
    return tf.add(tf.mul(tf.add(quadratic, norm), -0.5), p.logWeights) as tf.Tensor2D;
  });
}

function disposeParameters(p: MixtureParameters): void {
  p.means.dispose();
  p.variances.dispose();
  p.logWeights.dispose();
}

/**
 * A mixture of `k` Gaussians with diagonal covariances fitted by expectation–maximisation (Dempster, Laird
 * & Rubin 1977). Means start at `k` distinct data rows drawn with the seed; variances are floored at
 * `minVariance` in every M-step so no component collapses onto a point.
 */
export async function gaussianMixture(
  moments: DataMoments,
  k: number,
  minVariance: number,
  iterations: number,
  tolerance: number,
  seed: number,
): Promise<DensityPrior> {
  const x = moments.data;
  const [n, dim] = x.shape;
  const random = new SeededRandom(seed);
  const pool = random.subset(n, k);
  let params: MixtureParameters = tf.tidy(() => ({
    means: tf.gather(x, tf.tensor1d(pool, 'int32')) as tf.Tensor2D,
    variances: tf.tile(
      tf.reshape(tf.tensor1d(moments.variance.map((v) => Math.max(v, minVariance))), [1, dim]),
      [k, 1],
    ) as tf.Tensor2D,
    logWeights: tf.fill([k], -Math.log(k)) as tf.Tensor1D,
  }));
  let previous = Number.NEGATIVE_INFINITY;
  for (let it = 0; it < iterations; it++) {
    const [next, meanLogLik] = tf.tidy(() => {
      const joint = logJoint(x, params);
      const total = tf.logSumExp(joint, 1, true);
      const resp = tf.exp(tf.sub(joint, total)); // [N, K]
      const counts = tf.add(tf.sum(resp, 0), 1e-10); // [K]
      const column = tf.reshape(counts, [k, 1]);
      const means = tf.div(tf.matMul(resp, x, true, false), column);
      const second = tf.div(tf.matMul(resp, tf.square(x), true, false), column);
      const variances = tf.maximum(tf.sub(second, tf.square(means)), minVariance);
      const logWeights = tf.log(tf.div(counts, n));
      return [{ means, variances, logWeights } as MixtureParameters, tf.mean(total)] as const;
    });
    disposeParameters(params);
    params = next;
    const [value] = await meanLogLik.data().finally(() => meanLogLik.dispose());
    if (value - previous < tolerance) break;
    previous = value;
  }
  const fitted = params;
  return {
    kind: 'mixture',
    dim,
    logProb(input) {
      return tf.tidy(
        () =>
          tf.logSumExp(
            logJoint(tf.reshape(input, [input.shape[0], dim]) as tf.Tensor2D, fitted),
            1,
          ) as tf.Tensor1D,
      );
    },
    dispose() {
      disposeParameters(fitted);
    },
  };
}
