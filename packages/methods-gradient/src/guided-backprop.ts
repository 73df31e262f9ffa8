import type { Attribution, CommonExplainOptions, ExplainerPlugin, ModelInput } from '@loupe/core';
import { BATCH_SIZE_PARAM } from './common-params.js';
import { gradientAttribution } from './plain-gradient.js';
import { reluRules } from './relu-rules.js';
import { type AnyModel, runMethod } from './run-method.js';

/** Options of `guidedBackprop` and `deconvnet`. */
export type GuidedBackpropOptions = CommonExplainOptions;

/**
 * Guided backpropagation (Springenberg et al. 2015): the input gradient with every ReLU-family unit's
 * backward replaced by relu(upstream) × its forward derivative (see `reluRules`), for this call only.
 */
export const guidedBackpropExplainer: ExplainerPlugin<GuidedBackpropOptions> = {
  id: 'guided-backprop',
  label: 'Guided backpropagation',
  family: 'gradient',
  description:
    'The gradient with only positive signal passed back through ReLUs, and only where the forward ReLU was active.',
  reference:
    'Springenberg, Dosovitskiy, Brox & Riedmiller (2015), Striving for Simplicity: The All Convolutional Net.',
  params: { batchSize: BATCH_SIZE_PARAM },
  supportsFunctionModels: false,
  explain(model, x, options) {
    return gradientAttribution('guided-backprop', model, x, options, (g) => g.clone(), reluRules('guided'));
  },
};

/**
 * Deconvnet (Zeiler & Fergus 2014): the input gradient with every ReLU-family unit's backward replaced by
 * the unit's nonlinearity applied to the upstream signal, with no forward mask (see `reluRules`), for this call only.
 */
export const deconvnetExplainer: ExplainerPlugin<GuidedBackpropOptions> = {
  id: 'deconvnet',
  label: 'Deconvnet',
  family: 'gradient',
  description:
    'Signal passed back through ReLUs rectified, whatever the forward activation was (a deconvolutional reconstruction).',
  reference: 'Zeiler & Fergus (2014), Visualizing and Understanding Convolutional Networks.',
  params: { batchSize: BATCH_SIZE_PARAM },
  supportsFunctionModels: false,
  explain(model, x, options) {
    return gradientAttribution('deconvnet', model, x, options, (g) => g.clone(), reluRules('deconvnet'));
  },
};

/** Guided backpropagation; see `guidedBackpropExplainer`. */
export function guidedBackprop(
  model: AnyModel,
  x: ModelInput,
  options: GuidedBackpropOptions = {},
): Promise<Attribution> {
  return runMethod(guidedBackpropExplainer, model, x, { ...options });
}

/** Deconvnet; see `deconvnetExplainer`. */
export function deconvnet(
  model: AnyModel,
  x: ModelInput,
  options: GuidedBackpropOptions = {},
): Promise<Attribution> {
  return runMethod(deconvnetExplainer, model, x, { ...options });
}
