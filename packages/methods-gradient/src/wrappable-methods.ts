import type { ExplainerPlugin } from '@loupe/core';
import { blurIntegratedGradientsExplainer } from './blur-integrated-gradients.js';
import { expectedGradientsExplainer } from './expected-gradients.js';
import { gradCamExplainer, gradCamPlusPlusExplainer } from './grad-cam.js';
import { deconvnetExplainer, guidedBackpropExplainer } from './guided-backprop.js';
import { guidedGradCamExplainer } from './guided-grad-cam.js';
import { guidedIntegratedGradientsExplainer } from './guided-integrated-gradients.js';
import { inputXGradientExplainer } from './input-x-gradient.js';
import { integratedGradientsExplainer } from './integrated-gradients.js';
import { saliencyExplainer } from './saliency.js';

/** The gradient explainers of this package except SmoothGrad itself, in the order they are registered. */
export const SMOOTHABLE_EXPLAINERS = [
  saliencyExplainer,
  inputXGradientExplainer,
  integratedGradientsExplainer,
  expectedGradientsExplainer,
  guidedBackpropExplainer,
  deconvnetExplainer,
  gradCamExplainer,
  gradCamPlusPlusExplainer,
  guidedGradCamExplainer,
  blurIntegratedGradientsExplainer,
  guidedIntegratedGradientsExplainer,
] as unknown as readonly ExplainerPlugin<Record<string, unknown>>[];

/** SmoothGrad's fallback when a base method id is not registered: this package's methods by id. */
export const WRAPPABLE_METHODS: ReadonlyMap<string, ExplainerPlugin<Record<string, unknown>>> = new Map(
  SMOOTHABLE_EXPLAINERS.map((p) => [p.id, p]),
);
