import type { Attribution, CommonExplainOptions, ExplainerPlugin, ModelInput } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { BATCH_SIZE_PARAM } from './common-params.js';
import { gradientAttribution } from './plain-gradient.js';
import { type AnyModel, runMethod } from './run-method.js';

/** Options of `saliency`. */
export interface SaliencyOptions extends CommonExplainOptions {
  /** Return |∂score/∂x| instead of the signed gradient (default false; Captum's default is true). */
  abs?: boolean;
}

/**
 * Saliency (Simonyan, Vedaldi & Zisserman 2014, "Deep Inside Convolutional Networks"): the gradient of the
 * target score with respect to the input, signed by default.
 */
export const saliencyExplainer: ExplainerPlugin<SaliencyOptions> = {
  id: 'saliency',
  label: 'Saliency (gradient)',
  family: 'gradient',
  description:
    'The gradient of the target score with respect to each input element: how fast the score changes with it.',
  reference:
    'Simonyan, Vedaldi & Zisserman (2014), Deep Inside Convolutional Networks: Visualising Image Classification Models and Saliency Maps.',
  params: {
    abs: {
      type: 'boolean',
      default: false,
      help: 'Return the gradient magnitude |∂score/∂x| instead of the signed gradient.',
      label: 'Absolute value',
    },
    batchSize: BATCH_SIZE_PARAM,
  },
  explain(model, x, options) {
    return gradientAttribution('saliency', model, x, options, (g) => (options.abs ? tf.abs(g) : g.clone()));
  },
};

/** The signed input gradient of the target score (`abs: true` for its magnitude); see `saliencyExplainer`. */
export function saliency(
  model: AnyModel,
  x: ModelInput,
  options: SaliencyOptions = {},
): Promise<Attribution> {
  return runMethod(saliencyExplainer, model, x, { ...options });
}
