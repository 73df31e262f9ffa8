import {
  type Attribution,
  assertFiniteAsync,
  type CommonExplainOptions,
  type ExplainerPlugin,
  forEachBatch,
  type ModelInput,
  OptionError,
  type PerInputValue,
  SeededRandom,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { samplingRanges } from './baselines.js';
import { BATCH_SIZE_PARAM, SEED_PARAM } from './common-params.js';
import { completeness } from './completeness.js';
import { scoresOf, sumGradients } from './gradient-engine.js';
import { finishAttribution, perExampleShape, prepareInputAsync } from './prepared-input.js';
import { type AnyModel, runMethod } from './run-method.js';
import { selectorFor } from './target-select.js';

/** Options of `expectedGradients` / `gradientShap`. */
export interface ExpectedGradientsOptions extends CommonExplainOptions {
  /** Reference examples `[M, ...]` (one example's shape with a leading M) the baselines are drawn from; default: uniform noise in the input range. */
  baselines?: tf.Tensor | PerInputValue<tf.Tensor>;
  /** Draws (baseline, α) per example (default 32). */
  samples?: number;
  /** Gaussian noise σ added to the input per draw, as a fraction of the input range (default 0). */
  noise?: number;
}

interface Baseline {
  row: number;
  alpha: number;
  uniform: Float32Array | null;
}

interface Draw extends Baseline {
  noise: Float32Array;
}

/**
 * Expected gradients (Erion et al. 2021), the GradientSHAP estimator (Lundberg & Lee 2017): the mean over
 * draws of (x' − b) ⊙ ∇f(b + α(x' − b)), with b drawn from the reference examples, α ~ U(0, 1) and
 * x' = x + noise. Each draw has its own seeded stream. `meta.convergenceDelta[e]` = Σ attribution −
 * (f(x) − mean f(b)) over the drawn baselines (a sampling estimate of completeness).
 */
export const expectedGradientsExplainer: ExplainerPlugin<ExpectedGradientsOptions> = {
  id: 'expected-gradients',
  label: 'Expected gradients (GradientSHAP)',
  family: 'gradient',
  description:
    'Integrated gradients averaged over baselines drawn from reference data, with a random point on each path: an estimate of SHAP values.',
  reference:
    'Erion, Janizek, Sturmfels, Lundberg & Lee (2021), Improving performance of deep learning models with axiomatic attribution priors and expected gradients; Lundberg & Lee (2017), A Unified Approach to Interpreting Model Predictions.',
  perInputOptions: ['baselines'],
  params: {
    baselines: {
      type: 'tensor',
      optional: true,
      help: 'Reference examples [M, ...] to draw baselines from (e.g. 100 training images). Without it, baselines are uniform noise in the input range.',
    },
    samples: {
      type: 'number',
      default: 32,
      min: 1,
      max: 100000,
      integer: true,
      help: 'Draws (baseline, α) per example.',
      label: 'Samples',
    },
    noise: {
      type: 'number',
      default: 0,
      min: 0,
      max: 10,
      step: 0.01,
      help: 'Gaussian noise σ added to the input per draw, as a fraction of the input range.',
    },
    batchSize: BATCH_SIZE_PARAM,
    seed: SEED_PARAM,
  },
  async explain(model, x, options) {
    const samples = options.samples ?? 32;
    const seed = options.seed ?? 0;
    const prep = await prepareInputAsync(model, x, options);
    const example = prep.x.shape.slice(1);
    const per = prep.x.size / prep.n;
    const reference = options.baselines;
    if (reference !== undefined) {
      const ok =
        reference instanceof tf.Tensor &&
        !reference.isDisposed &&
        reference.rank === prep.x.rank &&
        reference.shape[0] > 0 &&
        reference.shape.slice(1).every((d, i) => d === example[i]);
      if (!ok) {
        prep.dispose();
        throw new OptionError(
          `baselines must be reference examples of shape [M, ${example.join(', ')}] (M ≥ 1); got ${reference instanceof tf.Tensor ? `[${reference.shape.join(', ')}]` : String(reference)}.`,
        );
      }
      try {
        await assertFiniteAsync(reference, 'baselines (reference examples)');
      } catch (err) {
        prep.dispose();
        throw err;
      }
    }
    const ranges = await samplingRanges(prep.x, model.inputRange);
    // Each draw's stream yields, in order: the reference row (with reference examples), α, the uniform
    // baseline (without them), then the noise, so a draw's baseline can be made without its noise.
    const drawBaseline = (k: number): Baseline & { rng: SeededRandom } => {
      const [lo, hi] = ranges[Math.floor(k / samples)];
      const rng = new SeededRandom(SeededRandom.derive(seed, k));
      const row = reference ? rng.integer(reference.shape[0]) : 0;
      const alpha = rng.uniform();
      const uniform = reference ? null : rng.uniforms(per, lo, hi);
      return { row, alpha, uniform, rng };
    };
    const draw = (k: number): Draw => {
      const { rng, ...b } = drawBaseline(k);
      const [lo, hi] = ranges[Math.floor(k / samples)];
      return { ...b, noise: rng.normals(per, (options.noise ?? 0) * (hi - lo)) };
    };
    // The baselines b of a run of draws.
    const baselinesOf = (draws: readonly Baseline[]): tf.Tensor => {
      if (reference)
        return tf.tidy(() =>
          tf.gather(
            reference,
            tf.tensor1d(
              draws.map((d) => d.row),
              'int32',
            ),
          ),
        );
      const u = new Float32Array(draws.length * per);
      draws.forEach((d, i) => {
        u.set(d.uniform as Float32Array, i * per);
      });
      return tf.tensor(u, [draws.length, ...example]);
    };
    // Baselines b and noisy inputs x' of a run of draws.
    const endpoints = (ks: number[]) =>
      tf.tidy(() => {
        const ids = ks.map((k) => Math.floor(k / samples));
        const draws = ks.map(draw);
        const noise = new Float32Array(ks.length * per);
        draws.forEach((d, i) => {
          noise.set(d.noise, i * per);
        });
        const xs = tf.add(
          tf.gather(prep.x, tf.tensor1d(ids, 'int32')),
          tf.tensor(noise, [ks.length, ...example]),
        );
        return {
          xs,
          bs: baselinesOf(draws),
          alphas: tf.tensor(
            draws.map((d) => d.alpha),
            perExampleShape(ks.length, prep.x.rank),
          ),
        };
      });
    const warnings: string[] = [];
    try {
      const values = await sumGradients({
        model,
        target: prep.target,
        n: prep.n,
        pointsPerExample: samples,
        batchSize: options.batchSize ?? 64,
        build: (points) => {
          const { xs, bs, alphas } = endpoints(points.map((p) => p.example * samples + p.index));
          const d = tf.sub(xs, bs);
          return { inputs: tf.add(bs, tf.mul(alphas, d)), multipliers: tf.div(d, samples) };
        },
        control: options,
        phase: 'expected-gradients',
        warnings,
      });
      const batchSize = options.batchSize ?? 64;
      const fb: number[] = [];
      await forEachBatch(
        prep.n * samples,
        batchSize,
        async (start, end) => {
          const ks = Array.from({ length: end - start }, (_, i) => start + i);
          const scores = tf.tidy(() =>
            selectorFor(
              prep.target,
              ks.map((k) => Math.floor(k / samples)),
            )(model.forwardBatched(baselinesOf(ks.map(drawBaseline)))),
          );
          try {
            fb.push(...(await scores.data()));
          } finally {
            scores.dispose();
          }
        },
        {
          signal: options.signal,
          onSplit: (size) => warnings.push(`Out of memory at batchSize ${size * 2}; continued with ${size}.`),
        },
      );
      const fx = await scoresOf(
        model,
        prep.target,
        prep.x,
        Array.from({ length: prep.n }, (_, e) => e),
        batchSize,
      );
      const expected = fx.map(
        (v, e) => v - fb.slice(e * samples, (e + 1) * samples).reduce((a, b) => a + b, 0) / samples,
      );
      const { delta } = await completeness(values, expected, 0);
      return finishAttribution('expected-gradients', prep, values, {
        convergenceDelta: delta,
        samples,
        ...(warnings.length ? { warnings } : {}),
      });
    } finally {
      prep.dispose();
    }
  },
};

/** Expected gradients; see `expectedGradientsExplainer`. */
export function expectedGradients(
  model: AnyModel,
  x: ModelInput,
  options: ExpectedGradientsOptions = {},
): Promise<Attribution> {
  return runMethod(expectedGradientsExplainer, model, x, { ...options });
}

/** GradientSHAP (Lundberg & Lee 2017) is the same estimator as expected gradients; an alias. */
export const gradientShap = expectedGradients;
