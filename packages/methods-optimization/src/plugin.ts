import {
  type Attribution,
  type CommonExplainOptions,
  createAttribution,
  type ExplainableModel,
  type ExplainerPlugin,
  listExplainers,
  type NormalizedInput,
  type ResolvedTarget,
  registerExplainer,
  restoreBatch,
  TargetError,
} from '@loupe/core';
import { activationMaximization } from './activation-maximization.js';
import { classLogit } from './class-objectives.js';
import type { ParameterizationKind } from './parameterization.js';
import { PRESETS } from './presets.js';
import { MAX_STEPS } from './settings.js';
import type { RangeMapping } from './value-range.js';

/** The registry-facing options (code space needs a generator object, so it is reached through the function). */
export interface ActivationMaximizationParams {
  preset: 'score-only' | 'expert-prior';
  steps: number;
  learningRate: number;
  parameterization: ParameterizationKind;
  range: RangeMapping;
}

/**
 * Activation maximisation as an explainer plugin, for UIs and the CLI: for each example of `x`, the image
 * that maximises the logit of its target class (`'predicted'`: the class the model gives that example).
 * The result's `values` are those images, in `x`'s shape; `meta.history` the mean objective per step.
 */
export const activationMaximizationPlugin: ExplainerPlugin<ActivationMaximizationParams> = {
  id: 'activation-maximization',
  label: 'Activation maximization',
  family: 'optimization',
  description:
    'The input the model finds most typical of the target class: gradient ascent on the class logit, alone or with an expert image prior.',
  reference: 'Erhan et al. 2009; Simonyan et al. 2013; Mahendran & Vedaldi 2016; Olah et al. 2017',
  params: {
    preset: {
      type: 'enum',
      default: 'expert-prior',
      values: ['score-only', 'expert-prior'],
      help: 'score-only: the logit alone (noisy, adversarial-looking); expert-prior: + total variation, L2, blur and random transforms.',
    },
    steps: {
      type: 'number',
      default: PRESETS['expert-prior'].steps,
      min: 1,
      max: MAX_STEPS,
      integer: true,
      help: 'Adam steps.',
    },
    learningRate: {
      type: 'number',
      default: PRESETS['expert-prior'].learningRate,
      min: 1e-5,
      max: 10,
      help: "Adam's learning rate, in input units per step for pixels.",
    },
    parameterization: {
      type: 'enum',
      default: 'pixel',
      values: ['pixel', 'fourier'],
      help: 'Optimise pixels, or a 1/f-scaled Fourier spectrum with decorrelated colour (better for RGB models).',
    },
    range: {
      type: 'enum',
      default: 'clip',
      values: ['clip', 'sigmoid'],
      help: "How values stay inside the model's input range.",
    },
  },
  async explain(model, x, options) {
    const { input, target } = await model.prepare(x, options.target);
    try {
      return await optimiseFor(model, input, target, options);
    } finally {
      if (!input.hadBatch) input.batched.dispose();
    }
  },
};

async function optimiseFor(
  model: ExplainableModel,
  input: NormalizedInput,
  target: ResolvedTarget,
  options: ActivationMaximizationParams & CommonExplainOptions,
): Promise<Attribution> {
  const classes = target.indices.map((c) => {
    if (c === null)
      throw new TargetError(
        'activation-maximization needs class indices as targets (a number, numbers per example, or "predicted"), not a target function.',
      );
    return c;
  });
  const result = await activationMaximization(model, {
    objective: classLogit(classes),
    batch: classes.length,
    preset: options.preset,
    steps: options.steps,
    learningRate: options.learningRate,
    parameterization: options.parameterization,
    range: options.range,
    seed: options.seed,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  const values = restoreBatch(result.image, input);
  if (values !== result.image) result.image.dispose();
  return createAttribution({
    method: 'activation-maximization',
    target: classes,
    values,
    // meta.millis is filled in by core's explain().
    meta: { history: Array.from(result.history) },
  });
}

/** Registers this package's explainer plugins (skipping ids already registered; calling twice is harmless). */
export function registerOptimizationMethods(): void {
  const known = new Set(listExplainers().map((p) => p.id));
  if (!known.has(activationMaximizationPlugin.id)) registerExplainer(activationMaximizationPlugin);
}
