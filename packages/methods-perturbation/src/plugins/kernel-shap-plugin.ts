import type { ExplainerPlugin } from '@loupe/core';
import { type KernelShapOptions, kernelShap } from '../kernel-shap.js';
import { MAX_SAMPLES } from '../limits.js';
import { FEATURE_PARAMS, fillParam } from './shared-params.js';

/** The `'kernel-shap'` explainer (see {@link kernelShap}). */
export const kernelShapPlugin: ExplainerPlugin<KernelShapOptions> = {
  id: 'kernel-shap',
  label: 'KernelSHAP',
  family: 'perturbation',
  description:
    'Estimates Shapley values of feature groups by a Shapley-kernel weighted regression over coalitions; they sum exactly to f(x) − f(baseline).',
  reference: 'Lundberg & Lee 2017, "A Unified Approach to Interpreting Model Predictions"',
  // SLIC's iteration count is for code; forms draw segments and compactness.
  codeOptions: ['iterations'],
  perInputOptions: ['featureMask', 'baseline'],
  params: {
    samples: {
      type: 'number',
      default: 1000,
      min: 1,
      max: MAX_SAMPLES,
      integer: true,
      help: 'Coalitions evaluated per example (at least the number of features); all are enumerated when 2^M − 2 fit.',
    },
    ...FEATURE_PARAMS,
    ...fillParam('baseline', 'What an absent feature takes:'),
  },
  explain: (model, x, options) => kernelShap(model, x, options),
};
