// Typed `explain()` for this package's explainer: its id, options and `meta`, merged into core's
// `ExplainerMethods` map (see its doc comment). Importing anything from this package brings it in.
import type { AttributionMeta } from '@loupe/core';
import type { ActivationMaximizationParams } from './plugin.js';

/** `meta` of the activation-maximization explainer. */
export interface ActivationMaximizationMeta extends AttributionMeta {
  /** The mean objective (target logit) over the batch at each step. */
  history: number[];
}

declare module '@loupe/core' {
  interface ExplainerMethods {
    'activation-maximization': {
      options: Partial<ActivationMaximizationParams>;
      meta: ActivationMaximizationMeta;
    };
  }
}
