import type { ParamSpec } from '@loupe/core';
import type { ExplainFunction } from '../attribution-source.js';
import type { EvaluatorPlugin } from '../evaluator.js';
import { type InfidelityOptions, infidelity, MAX_ROBUSTNESS_SAMPLES } from '../metrics/infidelity.js';
import { maxSensitivity } from '../metrics/max-sensitivity.js';

/** The `samples` count both robustness metrics take (default 10, Captum's `n_perturb_samples`). */
function samplesParam(help: string): ParamSpec {
  return { type: 'number', default: 10, min: 1, max: MAX_ROBUSTNESS_SAMPLES, integer: true, help };
}

/** Infidelity as a plugin; value: mean infidelity (lower is better). */
export const infidelityEvaluator: EvaluatorPlugin = {
  id: 'infidelity',
  label: 'Infidelity',
  description: 'Squared error between I·φ and the score change f(x) − f(x − I) under random perturbations I.',
  reference: 'Yeh et al. 2019, On the (in)fidelity and sensitivity of explanations',
  params: {
    samples: samplesParam('Perturbations per example.'),
    perturbation: {
      type: 'enum',
      default: 'gaussian',
      values: ['gaussian', 'square'],
      help: 'Gaussian noise or a square set to 0.',
    },
    noiseStd: { type: 'number', default: 0.1, min: 0, help: 'σ of the Gaussian perturbation.' },
    squareSize: {
      type: 'number',
      default: 4,
      min: 1,
      max: 4096,
      integer: true,
      help: 'Side of the square perturbation, pixels.',
    },
    multiplyByInputs: {
      type: 'boolean',
      default: false,
      help: 'The attribution is already multiplied by the input (e.g. gradient×input).',
    },
    normalize: { type: 'boolean', default: false, help: 'Rescale I·φ by the best-fitting β first.' },
  },
  better: 'lower',
  needs: 'attribution',
  async evaluate(model, data, source, options) {
    const result = await infidelity(model, data.x, source, options as InfidelityOptions);
    return { value: result.value, details: result };
  },
};

/** Max-sensitivity as a plugin; value: mean max-sensitivity (lower is better). */
export const maxSensitivityEvaluator: EvaluatorPlugin = {
  id: 'max-sensitivity',
  label: 'Max-sensitivity',
  description: 'The largest relative change of the map when the input moves within a small L∞ ball.',
  reference: 'Yeh et al. 2019, On the (in)fidelity and sensitivity of explanations',
  params: {
    samples: samplesParam('Perturbed inputs per example.'),
    radius: { type: 'number', default: 0.02, min: 0, help: 'Radius of the uniform L∞ noise.' },
  },
  codeOptions: ['normalize'],
  better: 'lower',
  needs: 'method',
  async evaluate(model, data, source, options) {
    // maxSensitivity itself rejects a finished attribution with an OptionError.
    const result = await maxSensitivity(model, data.x, source as string | ExplainFunction, options);
    return { value: result.value, details: result };
  },
};
