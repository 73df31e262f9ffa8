import type { ExplainerPlugin } from '@loupe/core';
import { layerActivationExplainer, layerGradientXActivationExplainer } from './layer-methods.js';
import {
  internalInfluenceExplainer,
  layerConductanceExplainer,
  layerIntegratedGradientsExplainer,
} from './layer-path-methods.js';
import {
  neuronConductanceExplainer,
  neuronGradientExplainer,
  neuronIntegratedGradientsExplainer,
} from './neuron-methods.js';
import { tokenAttributionExplainer } from './token-attribution.js';

export type * from './layer-method-types.js';
export {
  layerActivation,
  layerActivationExplainer,
  layerGradientXActivation,
  layerGradientXActivationExplainer,
} from './layer-methods.js';
export type { LayerOptions, LayerPathOptions, NeuronOptions } from './layer-params.js';
export {
  internalInfluence,
  internalInfluenceExplainer,
  layerConductance,
  layerConductanceExplainer,
  layerIntegratedGradients,
  layerIntegratedGradientsExplainer,
} from './layer-path-methods.js';
export {
  neuronConductance,
  neuronConductanceExplainer,
  neuronGradient,
  neuronGradientExplainer,
  neuronIntegratedGradients,
  neuronIntegratedGradientsExplainer,
} from './neuron-methods.js';
export { NEURON_MODES, type NeuronMode } from './neuron-selector.js';
export {
  TOKEN_TECHNIQUES,
  type TokenAttributionOptions,
  type TokenTechnique,
  tokenAttribution,
  tokenAttributionExplainer,
} from './token-attribution.js';

/** The layer, neuron and token explainers, in registration order. */
export const layerExplainers = [
  layerActivationExplainer,
  layerGradientXActivationExplainer,
  layerIntegratedGradientsExplainer,
  layerConductanceExplainer,
  internalInfluenceExplainer,
  neuronGradientExplainer,
  neuronIntegratedGradientsExplainer,
  neuronConductanceExplainer,
  tokenAttributionExplainer,
] as unknown as readonly ExplainerPlugin<Record<string, unknown>>[];
