import type { Attribution, ExplainerPlugin, ModelInput, ParamsSchema } from '@loupe/core';
import { type AnyModel, runMethod } from '../run-method.js';
import { INPUT_LAYER_RULES, LRP_COMPOSITES, LRP_RULES } from './composites.js';
import { explainLrp, type LrpOptions } from './lrp-explain.js';

export type { LrpOptions } from './lrp-explain.js';

/** Examples per propagation pass; relevance methods cost about one forward and one backward per example. */
export const RELEVANCE_BATCH_SIZE_PARAM = {
  type: 'number',
  default: 32,
  min: 1,
  max: 4096,
  integer: true,
  help: 'Examples propagated at once. Bounds memory; the result does not depend on it.',
  label: 'Batch size',
} as const;

const LRP_PARAMS: ParamsSchema = {
  composite: {
    type: 'enum',
    default: 'none',
    values: LRP_COMPOSITES,
    help:
      "Rules by layer type: 'epsilon-plus' (conv z⁺, dense ε), 'epsilon-plus-flat' (first layer flat), 'epsilon-gamma-box' " +
      "(first layer z^B, conv γ, dense ε), 'epsilon-alpha2-beta1' (conv α2β1, dense ε), 'epsilon-alpha2-beta1-flat'. " +
      "'none' uses `rule` everywhere.",
    label: 'Composite',
  },
  rule: {
    type: 'enum',
    default: 'epsilon',
    values: LRP_RULES,
    help: "Rule for every layer when composite is 'none': ε (bias and ε absorb relevance), γ, αβ (α − β = 1), z⁺, flat, w².",
    label: 'Rule',
  },
  inputLayerRule: {
    type: 'enum',
    default: 'same',
    values: INPUT_LAYER_RULES,
    help: "Rule for the layer(s) reading the input when composite is 'none': 'same' as `rule`, 'zbox' (z^B, needs inputRange), 'flat' or 'wsquare'.",
    label: 'Input-layer rule',
  },
  epsilon: {
    type: 'number',
    default: 1e-9,
    min: 0,
    help: 'ε of the ε rule: added to each denominator with its sign; larger ε absorbs weak, noisy relevance. 0 gives LRP-0.',
    label: 'ε',
  },
  gamma: {
    type: 'number',
    default: 0.25,
    min: 0,
    step: 0.05,
    help: 'γ of the γ rule: weight of the positive weights added to the weights (w + γw⁺).',
    label: 'γ',
  },
  alpha: {
    type: 'number',
    default: 2,
    min: 1,
    step: 0.5,
    help: 'α of the αβ rule (β = α − 1): weight of positive contributions.',
    label: 'α',
  },
  batchSize: RELEVANCE_BATCH_SIZE_PARAM,
};

/**
 * Layer-wise relevance propagation (Bach et al. 2015; rules and composites after Montavon et al. 2019 and
 * Kohlbrenner et al. 2020): the target logit is redistributed layer by layer down to the input. Each
 * linear layer's rule is applied as "gradient × input of a modified forward" on core's explanation graph
 * (BatchNorm folded into the preceding layer), for LayersModels and GraphModels alike; max pooling and
 * maxima are winner-take-all (first maximum), activations and data movement pass relevance through, Add
 * splits it in proportion to the contributions, products give it all to the signal when the other operand
 * is a gate (LSTM/GRU gates, squeeze-excitation: signal-take-all, Arras et al. 2017) and half to each
 * otherwise, quotients to the numerator.
 */
export const lrpExplainer: ExplainerPlugin<LrpOptions> = {
  id: 'lrp',
  label: 'LRP',
  family: 'relevance',
  description:
    'Layer-wise relevance propagation: the target logit redistributed backward layer by layer with per-layer rules (ε, γ, αβ, z⁺, z^B, flat).',
  reference:
    'Bach, Binder, Montavon, Klauschen, Müller & Samek (2015), On Pixel-Wise Explanations for Non-Linear Classifier Decisions by Layer-Wise Relevance Propagation.',
  // Code-only: β must equal α − 1 (checked), and z^B's bounds are a pair a form cannot draw.
  codeOptions: ['beta', 'inputRange'],
  params: LRP_PARAMS,
  supportsFunctionModels: false,
  explain(model, x, options) {
    return explainLrp(model, x, options);
  },
};

/**
 * LRP relevance of each input element for the target logit (see `lrpExplainer`). `meta.relevanceAbsorbed`
 * per example is what biases and stabilisers absorbed: Σ relevance + absorbed = `meta.scores` (the logit).
 * Throws `UnsupportedLayerError` naming a node without a rule (an op outside the op table, a custom layer).
 */
export function lrp(model: AnyModel, x: ModelInput, options: LrpOptions = {}): Promise<Attribution> {
  return runMethod(lrpExplainer, model, x, { ...options });
}
