// Typed `explain()` for the layer, neuron and token methods (merged into core's `ExplainerMethods` map).
import type { AttributionMeta } from '@loupe/core';
import type { QuadratureRule } from '../quadrature.js';
import type { LayerOptions, LayerPathOptions, NeuronOptions } from './layer-params.js';
import type { NeuronMode } from './neuron-selector.js';
import type { TokenAttributionOptions, TokenTechnique } from './token-attribution.js';

/** `meta` of the layer methods: the layer attributed to. */
export interface LayerMeta extends AttributionMeta {
  layer: string;
}

/** `meta` of the path layer methods. */
export interface LayerPathMeta extends LayerMeta {
  steps: number;
  quadrature: QuadratureRule;
  /** Per example (layer IG, conductance): Σ attribution − the score difference the method distributes. */
  convergenceDelta?: number[];
}

/** `meta` of the neuron methods. */
export interface NeuronMeta extends LayerMeta {
  neuron: number;
  neuronMode: NeuronMode;
  steps?: number;
  quadrature?: QuadratureRule;
}

/** `meta` of token attribution. */
export interface TokenAttributionMeta extends LayerMeta {
  technique: TokenTechnique;
  /** Per example (IG, DeepLIFT): Σ token scores − (f(ids) − f(baseline ids)). */
  convergenceDelta?: number[];
}

declare module '@loupe/core' {
  interface ExplainerMethods {
    'layer-activation': { options: LayerOptions; meta: LayerMeta };
    'layer-gradient-x-activation': { options: LayerOptions; meta: LayerMeta };
    'layer-integrated-gradients': { options: LayerPathOptions; meta: LayerPathMeta };
    'layer-conductance': { options: LayerPathOptions; meta: LayerPathMeta };
    'internal-influence': { options: LayerPathOptions; meta: LayerPathMeta };
    'neuron-gradient': { options: NeuronOptions; meta: NeuronMeta };
    'neuron-integrated-gradients': { options: NeuronOptions; meta: NeuronMeta };
    'neuron-conductance': { options: NeuronOptions; meta: NeuronMeta };
    'token-attribution': { options: TokenAttributionOptions; meta: TokenAttributionMeta };
  }
}
