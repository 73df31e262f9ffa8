import type { Attribution, ExplainerPlugin, ModelInput } from '@loupe/core';
import { type AnyModel, runMethod } from '../run-method.js';
import { type DeepLiftOptions, explainDeepLift } from './deeplift-explain.js';
import { RELEVANCE_BATCH_SIZE_PARAM } from './lrp.js';

export type { DeepLiftBaseline } from './deeplift-baseline.js';
export type { DeepLiftOptions } from './deeplift-explain.js';

/**
 * DeepLIFT with the Rescale rule (Shrikumar, Greenside & Kundaje 2017): multipliers Δoutput/Δinput
 * relative to a baseline flow backward through core's explanation graph, so attributions sum to
 * f(x) − f(x₀) exactly (summation-to-delta). Elementwise nonlinearities use Δy/Δx (the gradient where
 * Δx ≈ 0); max pooling gives each window's difference to the argmax of x when max(x) ≥ max(x₀), else to
 * the argmax of x₀, which keeps summation-to-delta where a ReLU feeds a max pool. A final softmax is
 * skipped (logits are explained); products, quotients and maxima of two computed values split Δf between
 * their operands by the two-player Shapley rule, which keeps summation-to-delta exact (for LSTM/GRU gates:
 * the cell input is rescaled, the gates act as multipliers). LayersModels and GraphModels alike.
 */
export const deepLiftExplainer: ExplainerPlugin<DeepLiftOptions> = {
  id: 'deeplift',
  label: 'DeepLIFT',
  family: 'relevance',
  description:
    'Contributions of each input to the change of the target logit from a baseline (Rescale rule); they sum to f(x) − f(baseline).',
  reference:
    'Shrikumar, Greenside & Kundaje (2017), Learning Important Features Through Propagating Activation Differences.',
  perInputOptions: ['baseline'],
  params: {
    baseline: {
      type: 'tensor',
      optional: true,
      help: "Reference input: 'zeros' (default), a number, or a tensor of one example's or the batch's shape.",
    },
    batchSize: RELEVANCE_BATCH_SIZE_PARAM,
  },
  supportsFunctionModels: false,
  explain(model, x, options) {
    return explainDeepLift(model, x, options);
  },
};

/**
 * DeepLIFT-Rescale attributions of the target logit against `baseline` (see `deepLiftExplainer`).
 * `meta.convergenceDelta` per example = Σ attribution − (f(x) − f(baseline)).
 */
export function deepLift(
  model: AnyModel,
  x: ModelInput,
  options: DeepLiftOptions = {},
): Promise<Attribution> {
  return runMethod(deepLiftExplainer, model, x, { ...options });
}
