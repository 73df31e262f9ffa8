import type { ExplainerPlugin } from '@loupe/core';
import { type FeatureAblationOptions, featureAblation } from '../feature-ablation.js';
import { FEATURE_PARAMS, fillParam } from './shared-params.js';

/** The `'feature-ablation'` explainer (see {@link featureAblation}). */
export const featureAblationPlugin: ExplainerPlugin<FeatureAblationOptions> = {
  id: 'feature-ablation',
  label: 'Feature ablation',
  family: 'perturbation',
  description:
    "Replaces each feature group (superpixel, or a given integer mask) by a baseline on its own; the drop in the target score is the group's attribution.",
  reference: 'Captum FeatureAblation; Zeiler & Fergus 2014 (occlusion of image regions)',
  // SLIC's iteration count is for code; forms draw segments and compactness.
  codeOptions: ['iterations'],
  perInputOptions: ['featureMask', 'fill'],
  params: { ...FEATURE_PARAMS, ...fillParam('fill', 'What an ablated feature is replaced with:') },
  // `seed`, common to every explainer, means nothing to a method without sampling.
  explain: (model, x, { seed: _seed, ...options }) => featureAblation(model, x, options),
};
