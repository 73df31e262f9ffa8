import {
  type Attribution,
  type CommonExplainOptions,
  type ExplainerPlugin,
  gaussianBlur,
  type ModelInput,
  mapInputs,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { BATCH_SIZE_PARAM } from './common-params.js';
import { completeness } from './completeness.js';
import { scoresOf, sumGradients } from './gradient-engine.js';
import { requireImageInputs } from './image-inputs.js';
import { finishAttribution, prepareInputAsync } from './prepared-input.js';
import { type AnyModel, runMethod } from './run-method.js';

/** Options of `blurIntegratedGradients`. */
export interface BlurIntegratedGradientsOptions extends CommonExplainOptions {
  /** Largest blur σ in pixels, where the path starts (default 7 ≈ √50, the σ reached by the authors' default). */
  maxSigma?: number;
  /** Points along the path (default 50). */
  steps?: number;
}

/**
 * Blur integrated gradients (Xu, Venugopalan & Sundararajan 2020): integrates gradients along the path of
 * Gaussian blurs of the input from σ = maxSigma down to 0. The path is cut uniformly in σ² (the
 * scale-space "time"), σ_i = maxSigma·√(i/steps), as in the authors' code; each segment contributes its
 * exact displacement blur(x, σ_i) − blur(x, σ_{i+1}) times the gradient at the segment's midpoint in σ²
 * (a midpoint rule, where the authors take a forward-difference slope at the left end). The sum of the
 * displacements telescopes to x − blur(x, maxSigma), so attributions sum to ≈ f(x) − f(blur(x, maxSigma));
 * `meta.convergenceDelta` is the difference.
 */
export const blurIntegratedGradientsExplainer: ExplainerPlugin<BlurIntegratedGradientsOptions> = {
  id: 'blur-integrated-gradients',
  label: 'Blur integrated gradients',
  family: 'gradient',
  description:
    'Integrated gradients along a path of progressively less blurred images, so no artificial baseline is needed.',
  reference: 'Xu, Venugopalan & Sundararajan (2020), Attribution in Scale and Space (CVPR).',
  params: {
    maxSigma: {
      type: 'number',
      default: 7,
      min: 0.1,
      max: 1000,
      step: 0.5,
      help: 'Largest Gaussian blur σ in pixels: the start of the path.',
      label: 'Max σ',
    },
    steps: {
      type: 'number',
      default: 50,
      min: 1,
      max: 4096,
      integer: true,
      help: 'Points along the blur path.',
      label: 'Steps',
    },
    batchSize: BATCH_SIZE_PARAM,
  },
  async explain(model, x, options) {
    const steps = options.steps ?? 50;
    const maxSigma = options.maxSigma ?? 7;
    const prep = await prepareInputAsync(model, x, options);
    const batchSize = options.batchSize ?? 64;
    const warnings: string[] = [];
    try {
      requireImageInputs(model, prep.x, 'Blur integrated gradients');
      const blur = (xs: tf.Tensor, sigmas: number[]) =>
        mapInputs(model, xs, (part) => gaussianBlur(part, sigmas));
      const values = await sumGradients({
        model,
        target: prep.target,
        n: prep.n,
        pointsPerExample: steps,
        batchSize,
        build: (points) => {
          const xs = tf.gather(
            prep.x,
            tf.tensor1d(
              points.map((p) => p.example),
              'int32',
            ),
          );
          const at = (offset: number) =>
            blur(
              xs,
              points.map((p) => maxSigma * Math.sqrt((p.index + offset) / steps)),
            );
          return { inputs: at(0.5), multipliers: tf.sub(at(0), at(1)) };
        },
        control: options,
        phase: 'blur-integrated-gradients',
        warnings,
      });
      const ids = Array.from({ length: prep.n }, (_, e) => e);
      const fx = await scoresOf(model, prep.target, prep.x, ids, batchSize);
      const start = blur(prep.x, new Array<number>(prep.n).fill(maxSigma));
      const f0 = await scoresOf(model, prep.target, start, ids, batchSize).finally(() => start.dispose());
      const { delta } = await completeness(
        values,
        fx.map((v, e) => v - f0[e]),
        0,
      );
      return finishAttribution('blur-integrated-gradients', prep, values, {
        convergenceDelta: delta,
        steps,
        maxSigma,
        ...(warnings.length ? { warnings } : {}),
      });
    } finally {
      prep.dispose();
    }
  },
};

/** Blur integrated gradients; see `blurIntegratedGradientsExplainer`. */
export function blurIntegratedGradients(
  model: AnyModel,
  x: ModelInput,
  options: BlurIntegratedGradientsOptions = {},
): Promise<Attribution> {
  return runMethod(blurIntegratedGradientsExplainer, model, x, { ...options });
}
