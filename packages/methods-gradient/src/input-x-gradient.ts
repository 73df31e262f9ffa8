import type { Attribution, CommonExplainOptions, ExplainerPlugin, ModelInput } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { BATCH_SIZE_PARAM } from './common-params.js';
import { gradientAttribution } from './plain-gradient.js';
import { type AnyModel, runMethod } from './run-method.js';

/** Options of `inputXGradient`. */
export type InputXGradientOptions = CommonExplainOptions;

/**
 * Input × gradient (Shrikumar et al. 2016, "Not Just a Black Box"): x ⊙ ∂score/∂x. On a linear model it is
 * each feature's exact contribution w·x.
 */
export const inputXGradientExplainer: ExplainerPlugin<InputXGradientOptions> = {
  id: 'input-x-gradient',
  label: 'Input × gradient',
  family: 'gradient',
  description:
    'Each input element times the gradient of the target score with respect to it: a first-order contribution estimate.',
  reference:
    'Shrikumar, Greenside, Shcherbina & Kundaje (2016), Not Just a Black Box: Learning Important Features Through Propagating Activation Differences.',
  params: { batchSize: BATCH_SIZE_PARAM },
  explain(model, x, options) {
    return gradientAttribution('input-x-gradient', model, x, options, (g, input) => tf.mul(g, input));
  },
};

/** x ⊙ ∂score/∂x per example; see `inputXGradientExplainer`. */
export function inputXGradient(
  model: AnyModel,
  x: ModelInput,
  options: InputXGradientOptions = {},
): Promise<Attribution> {
  return runMethod(inputXGradientExplainer, model, x, { ...options });
}
