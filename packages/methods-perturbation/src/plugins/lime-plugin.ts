import type { ExplainerPlugin } from '@loupe/core';
import { type LimeOptions, lime } from '../lime.js';
import { MAX_SAMPLES } from '../limits.js';
import { FEATURE_PARAMS, fillParam } from './shared-params.js';

/** The `'lime'` explainer (see {@link lime}). */
export const limePlugin: ExplainerPlugin<LimeOptions> = {
  id: 'lime',
  label: 'LIME',
  family: 'perturbation',
  description:
    'Fits a locally weighted linear model of the target score on which feature groups are present; its coefficients are the attribution.',
  reference:
    'Ribeiro, Singh & Guestrin 2016, "Why Should I Trust You?": Explaining the Predictions of Any Classifier',
  // SLIC's iteration count is for code; forms draw segments and compactness.
  codeOptions: ['iterations'],
  perInputOptions: ['featureMask', 'baseline'],
  params: {
    samples: {
      type: 'number',
      default: 1000,
      min: 2,
      max: MAX_SAMPLES,
      integer: true,
      help: 'Perturbed samples per example, the unperturbed one included.',
    },
    kernelWidth: {
      type: 'number',
      default: 0.25,
      min: 0.001,
      step: 0.05,
      help: 'Width of the exponential kernel on cosine distance to the full input; Infinity weighs all samples equally.',
    },
    alpha: { type: 'number', default: 1, min: 0, step: 0.1, help: 'Ridge penalty of the linear surrogate.' },
    ...FEATURE_PARAMS,
    ...fillParam('baseline', 'What an absent feature takes:'),
  },
  explain: (model, x, options) => lime(model, x, options),
};
