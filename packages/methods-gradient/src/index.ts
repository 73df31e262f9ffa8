export { type BaselineOption, NAMED_BASELINES } from './baselines.js';
export {
  type BlurIntegratedGradientsOptions,
  blurIntegratedGradients,
  blurIntegratedGradientsExplainer,
} from './blur-integrated-gradients.js';
export {
  type ExpectedGradientsOptions,
  expectedGradients,
  expectedGradientsExplainer,
  gradientShap,
} from './expected-gradients.js';
export {
  type GradCamOptions,
  gradCam,
  gradCamExplainer,
  gradCamPlusPlus,
  gradCamPlusPlusExplainer,
} from './grad-cam.js';
export {
  deconvnet,
  deconvnetExplainer,
  type GuidedBackpropOptions,
  guidedBackprop,
  guidedBackpropExplainer,
} from './guided-backprop.js';
export { type GuidedGradCamOptions, guidedGradCam, guidedGradCamExplainer } from './guided-grad-cam.js';
export {
  type GuidedIntegratedGradientsOptions,
  guidedIntegratedGradients,
  guidedIntegratedGradientsExplainer,
} from './guided-integrated-gradients.js';
export { type GuidedPath, type GuidedStepOptions, guidedStep, startGuidedPath } from './guided-path.js';
export { type InputXGradientOptions, inputXGradient, inputXGradientExplainer } from './input-x-gradient.js';
export {
  type IntegratedGradientsOptions,
  integratedGradients,
  integratedGradientsExplainer,
} from './integrated-gradients.js';
export * from './layer/index.js';
export type * from './method-types.js';
export {
  gaussLegendre,
  QUADRATURE_RULES,
  type Quadrature,
  type QuadratureRule,
  quadrature,
} from './quadrature.js';
export { gradientExplainers, registerGradientMethods } from './register.js';
export * from './relevance/index.js';
export { type ReluBackwardRule, reluRules } from './relu-rules.js';
export type { AnyModel } from './run-method.js';
export { type SaliencyOptions, saliency, saliencyExplainer } from './saliency.js';
export {
  type BaseMethod,
  type SmoothGradOptions,
  type SmoothGradVariant,
  smoothGrad,
  smoothGradExplainer,
} from './smooth-grad.js';
export { type FelzenszwalbOptions, felzenszwalb, type HostImage } from './xrai/felzenszwalb.js';
export {
  type RankedRegion,
  type RankOptions,
  type RegionRanking,
  rankRegions,
  XRAI_ALGORITHMS,
  type XraiAlgorithm,
} from './xrai/rank-regions.js';
export {
  candidateRegions,
  dilateRegion,
  type RegionMask,
  type SegmentationOptions,
} from './xrai/region-masks.js';
export { type XraiOptions, xrai, xraiExplainer } from './xrai/xrai.js';
