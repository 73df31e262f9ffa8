import {
  type Attribution,
  type CommonExplainOptions,
  type ExplainerPlugin,
  forEachBatchInOrder,
  type ModelInput,
  poolFor,
  SeededRandom,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { type BaseMethod, baseRunner } from './base-method.js';
import { samplingRanges } from './baselines.js';
import { BATCH_SIZE_PARAM, SEED_PARAM } from './common-params.js';
import { ExampleSums } from './example-sums.js';
import { finishAttribution, prepareInputAsync } from './prepared-input.js';
import { type AnyModel, runMethod } from './run-method.js';
import { targetForPoints } from './target-select.js';

/** How the noisy attributions are combined. */
export type SmoothGradVariant = 'smoothgrad' | 'smoothgrad-squared' | 'vargrad';

export type { BaseMethod } from './base-method.js';

/** Options of `smoothGrad`. */
export interface SmoothGradOptions extends CommonExplainOptions {
  /** Registered method id to smooth, or a method function (default 'saliency'). */
  baseMethod?: string | BaseMethod;
  /** A method function to smooth; takes precedence over `baseMethod` (the form to use through `explain()`, whose schema types `baseMethod` as an id). */
  baseFunction?: BaseMethod;
  /** Extra options for the base method (e.g. `{ steps: 16 }` for integrated gradients). */
  baseOptions?: Record<string, unknown>;
  /** 'smoothgrad' (mean, default), 'smoothgrad-squared' (mean of squares) or 'vargrad' (variance). */
  variant?: SmoothGradVariant;
  /** Noisy copies per example (default 50). */
  samples?: number;
  /** Noise standard deviation as a fraction of the input range (model inputRange, else each example's max − min); default 0.15. */
  noise?: number;
}

/**
 * SmoothGrad (Smilkov et al. 2017) and its variants SmoothGrad² and VarGrad (Adebayo et al. 2018): a base
 * attribution averaged (or its square averaged, or its variance taken) over copies of the input with
 * Gaussian noise. Noise is drawn per copy from a seeded stream, so results do not depend on `batchSize`.
 */
export const smoothGradExplainer: ExplainerPlugin<SmoothGradOptions> = {
  id: 'smoothgrad',
  label: 'SmoothGrad',
  family: 'gradient',
  description:
    'A base attribution averaged over noisy copies of the input, which removes gradient noise; also SmoothGrad² and VarGrad.',
  reference:
    'Smilkov, Thorat, Kim, Viégas & Wattenberg (2017), SmoothGrad: removing noise by adding noise; Adebayo et al. (2018), Local Explanation Methods for Deep Neural Networks Lack Sensitivity to Parameter Values (VarGrad).',
  codeOptions: ['baseFunction', 'baseOptions'],
  params: {
    baseMethod: {
      type: 'string',
      default: 'saliency',
      help: "Id of the registered method to smooth (e.g. 'saliency', 'integrated-gradients', 'guided-backprop').",
    },
    variant: {
      type: 'enum',
      default: 'smoothgrad',
      values: ['smoothgrad', 'smoothgrad-squared', 'vargrad'],
      help: 'Combine noisy attributions by their mean, mean of squares, or variance.',
    },
    samples: {
      type: 'number',
      default: 50,
      min: 1,
      max: 10000,
      integer: true,
      help: 'Noisy copies per example.',
      label: 'Samples',
    },
    noise: {
      type: 'number',
      default: 0.15,
      min: 0,
      max: 10,
      step: 0.01,
      help: "Noise σ as a fraction of the input range (the model's inputRange, else each example's max − min).",
      label: 'Noise level',
    },
    batchSize: BATCH_SIZE_PARAM,
    seed: SEED_PARAM,
  },
  async explain(model, x, options, context) {
    const samples = options.samples ?? 50;
    const variant = options.variant ?? 'smoothgrad';
    const seed = options.seed ?? 0;
    const base = options.baseFunction ?? baseRunner(options.baseMethod ?? 'saliency', context);
    const prep = await prepareInputAsync(model, x, options);
    const sums = new ExampleSums(prep.n);
    const squares = new ExampleSums(prep.n);
    const per = prep.x.size / prep.n;
    try {
      const stds = (await samplingRanges(prep.x, model.inputRange)).map(
        ([lo, hi]) => (options.noise ?? 0.15) * (hi - lo),
      );
      // With a worker pool, several batches of noisy copies are explained at once (the base method sends
      // its gradients to the pool) and summed here in batch order: the same sums as one at a time.
      const pool = poolFor(options.pool, model);
      await forEachBatchInOrder<{ a: Attribution; ids: number[] }>(
        prep.n * samples,
        options.batchSize ?? 64,
        async (start, end) => {
          const ids: number[] = [];
          const noise = new Float32Array((end - start) * per);
          for (let k = start; k < end; k++) {
            const e = Math.floor(k / samples);
            ids.push(e);
            noise.set(
              new SeededRandom(SeededRandom.derive(seed, k)).normals(per, stds[e]),
              (k - start) * per,
            );
          }
          const noisy = tf.tidy(() =>
            tf.add(
              tf.gather(prep.x, tf.tensor1d(ids, 'int32')),
              tf.tensor(noise, [end - start, ...prep.x.shape.slice(1)]),
            ),
          );
          try {
            const a = await base(model, noisy, {
              ...options.baseOptions,
              target: targetForPoints(prep.target, ids),
              batchSize: options.batchSize,
              seed,
              signal: options.signal,
              ...(pool ? { pool } : {}),
            });
            return { a, ids };
          } finally {
            noisy.dispose();
          }
        },
        ({ a, ids }) => {
          try {
            sums.add(a.values, ids);
            if (variant !== 'smoothgrad') {
              const sq = tf.square(a.values);
              squares.add(sq, ids);
              sq.dispose();
            }
          } finally {
            a.dispose();
          }
        },
        {
          signal: options.signal,
          onProgress: options.onProgress,
          phase: 'smoothgrad',
          concurrency: pool ? 2 * pool.size : 1,
          release: ({ a }) => a.dispose(),
        },
      );
      const values = tf.tidy(() => {
        const mean = tf.div(sums.result(), samples);
        if (variant === 'smoothgrad') return mean;
        const meanSquare = tf.div(squares.result(), samples);
        return variant === 'smoothgrad-squared' ? meanSquare : tf.relu(tf.sub(meanSquare, tf.square(mean)));
      });
      return finishAttribution('smoothgrad', prep, values, {
        variant,
        samples,
        baseMethod: options.baseFunction ? 'custom' : (options.baseMethod ?? 'saliency'),
      });
    } finally {
      sums.dispose();
      squares.dispose();
      prep.dispose();
    }
  },
};

/** SmoothGrad over any method; see `smoothGradExplainer`. */
export function smoothGrad(
  model: AnyModel,
  x: ModelInput,
  options: SmoothGradOptions = {},
): Promise<Attribution> {
  const { baseMethod, ...rest } = options;
  const named = typeof baseMethod === 'function' ? { baseFunction: baseMethod } : { baseMethod };
  return runMethod(smoothGradExplainer, model, x, { ...rest, ...named });
}
