import {
  type Attribution,
  type CommonExplainOptions,
  type ExplainableModel,
  type ExplainerPlugin,
  type ModelInput,
  throwIfAborted,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { BaselineOption } from './baselines.js';
import { BATCH_SIZE_PARAM, SEED_PARAM } from './common-params.js';
import { completeness } from './completeness.js';
import { type GuidedPath, type GuidedStepOptions, guidedStep, startGuidedPath } from './guided-path.js';
import { BASELINE_PARAM, BLUR_SIGMA_PARAM, scoreDifferences, withPathBaselines } from './path-baselines.js';
import { finishAttribution, type PreparedInput } from './prepared-input.js';
import { rowGradients } from './row-gradients.js';
import { type AnyModel, runMethod } from './run-method.js';

/** Options of `guidedIntegratedGradients`. */
export interface GuidedIntegratedGradientsOptions extends CommonExplainOptions {
  /** Path start: 'zeros' (default), 'uniform', 'blur', 'mean', a tensor, or tensors (paths averaged). */
  baseline?: BaselineOption;
  /** Steps along the path, one gradient per step (default 200, the authors' default). */
  steps?: number;
  /** Share of the features (smallest |gradient| first) moved per round of a step (default 0.25). */
  fraction?: number;
  /** Largest lead or lag of a feature behind the straight path, in α ∈ [0, 1] (default 0.02; 0 is IG). */
  maxDist?: number;
  /** σ in pixels of the 'blur' baseline (default 5). */
  blurSigma?: number;
}

/**
 * Guided integrated gradients (Kapishnikov, Venugopalan, Avci, Wedin, Terry & Birdwell 2021, "Guided
 * Integrated Gradients: an Adaptive Path Method for Removing Noise", CVPR): an adaptive path from the
 * baseline to the input that, at each of `steps` steps, moves the features with the smallest |gradient|
 * first (in rounds of `fraction` of them), keeping every feature within `maxDist` of the straight path;
 * attribution = Σ moves ⊙ gradient at the step's start. The path ends at the input, so the attributions
 * sum to ≈ f(x) − f(baseline) (`meta.convergenceDelta` is the difference). `maxDist: 0` is integrated
 * gradients with the left Riemann rule. The path is walked on the host in float64 (one gradient read-back
 * per step), all examples and baselines batched together.
 */
export const guidedIntegratedGradientsExplainer: ExplainerPlugin<GuidedIntegratedGradientsOptions> = {
  id: 'guided-integrated-gradients',
  label: 'Guided integrated gradients',
  family: 'gradient',
  description:
    'Integrated gradients along an adaptive path that first moves the features the score is least sensitive to, which removes much of the noise of straight-path IG.',
  reference:
    'Kapishnikov, Venugopalan, Avci, Wedin, Terry & Birdwell (2021), Guided Integrated Gradients: an Adaptive Path Method for Removing Noise (CVPR).',
  perInputOptions: ['baseline'],
  params: {
    baseline: BASELINE_PARAM,
    steps: {
      type: 'number',
      default: 200,
      min: 1,
      max: 4096,
      integer: true,
      help: 'Steps along the path; one gradient per step.',
      label: 'Steps',
    },
    fraction: {
      type: 'number',
      default: 0.25,
      min: 0.001,
      max: 1,
      step: 0.05,
      help: 'Share of the features, smallest |gradient| first, moved in each round of a step.',
      label: 'Fraction',
    },
    maxDist: {
      type: 'number',
      default: 0.02,
      min: 0,
      max: 1,
      step: 0.01,
      help: 'How far (in α, the share of the path) a feature may lead or lag the straight path; 0 gives integrated gradients, 1 an unbounded path.',
      label: 'Max distance',
    },
    blurSigma: BLUR_SIGMA_PARAM,
    batchSize: BATCH_SIZE_PARAM,
    seed: SEED_PARAM,
  },
  async explain(model, x, options) {
    return withPathBaselines(model, x, options, (prep, baselines) => walk(model, prep, baselines, options));
  },
};

async function walk(
  model: ExplainableModel,
  prep: PreparedInput,
  baselines: tf.Tensor[],
  options: GuidedIntegratedGradientsOptions,
): Promise<Attribution> {
  const stepOptions: GuidedStepOptions = {
    steps: options.steps ?? 200,
    fraction: options.fraction ?? 0.25,
    maxDist: options.maxDist ?? 0.02,
  };
  const batchSize = options.batchSize ?? 64;
  const nb = baselines.length;
  const shape = prep.x.shape.slice(1);
  const per = prep.x.size / prep.n;
  const inputs = (await prep.x.data()) as Float32Array;
  const starts = await Promise.all(baselines.map(async (b) => (await b.data()) as Float32Array));
  // Path r = e·nb + b walks example e from baseline b.
  const exampleIds = Array.from({ length: prep.n * nb }, (_, r) => Math.floor(r / nb));
  const paths: GuidedPath[] = exampleIds.map((e, r) => {
    const at = e * per;
    return startGuidedPath(
      Float64Array.from(inputs.subarray(at, at + per)),
      Float64Array.from(starts[r % nb].subarray(at, at + per)),
    );
  });
  const warnings: string[] = [];
  const rows = new Float32Array(paths.length * per);
  for (let step = 0; step < stepOptions.steps; step++) {
    throwIfAborted(options.signal);
    paths.forEach((p, r) => {
      rows.set(p.x, r * per);
    });
    const grads = await rowGradients({
      model,
      target: prep.target,
      rows,
      shape,
      exampleIds,
      batchSize,
      control: options,
      warnings,
    });
    paths.forEach((p, r) => {
      guidedStep(p, grads.subarray(r * per, (r + 1) * per), step, stepOptions);
    });
    options.onProgress?.({ done: step + 1, total: stepOptions.steps, phase: 'guided-integrated-gradients' });
  }
  const mean = new Float32Array(prep.n * per);
  paths.forEach((p, r) => {
    const at = exampleIds[r] * per;
    for (let i = 0; i < per; i++) mean[at + i] += p.attribution[i] / nb;
  });
  const values = tf.tensor(mean, prep.x.shape);
  try {
    const startRows = tf.tidy(() => tf.reshape(tf.stack(baselines, 1), [prep.n * nb, ...shape]));
    const expected = await scoreDifferences(model, prep, startRows, nb, batchSize).finally(() =>
      startRows.dispose(),
    );
    const { delta } = await completeness(values, expected, 0);
    return finishAttribution('guided-integrated-gradients', prep, values, {
      convergenceDelta: delta,
      ...stepOptions,
      ...(warnings.length ? { warnings } : {}),
    });
  } catch (err) {
    values.dispose();
    throw err;
  }
}

/** Guided integrated gradients; see `guidedIntegratedGradientsExplainer`. */
export function guidedIntegratedGradients(
  model: AnyModel,
  x: ModelInput,
  options: GuidedIntegratedGradientsOptions = {},
): Promise<Attribution> {
  return runMethod(guidedIntegratedGradientsExplainer, model, x, { ...options });
}
