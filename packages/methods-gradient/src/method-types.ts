// Typed `explain()` for this package's methods: their ids, options and `meta`, merged into core's
// `ExplainerMethods` map (see its doc comment). Importing anything from this package brings them in.
import type { AttributionMeta } from '@loupe/core';
import type { BlurIntegratedGradientsOptions } from './blur-integrated-gradients.js';
import type { ExpectedGradientsOptions } from './expected-gradients.js';
import type { GradCamOptions } from './grad-cam.js';
import type { GuidedBackpropOptions } from './guided-backprop.js';
import type { GuidedGradCamOptions } from './guided-grad-cam.js';
import type { GuidedIntegratedGradientsOptions } from './guided-integrated-gradients.js';
import type { InputXGradientOptions } from './input-x-gradient.js';
import type { IntegratedGradientsOptions } from './integrated-gradients.js';
import type { QuadratureRule } from './quadrature.js';
import type { DeepLiftOptions } from './relevance/deeplift-explain.js';
import type { LrpOptions } from './relevance/lrp-explain.js';
import type { SaliencyOptions } from './saliency.js';
import type { SmoothGradOptions, SmoothGradVariant } from './smooth-grad.js';
import type { RankedRegion, XraiAlgorithm } from './xrai/rank-regions.js';
import type { XraiOptions } from './xrai/xrai.js';

/** `meta` of integrated gradients. */
export interface IntegratedGradientsMeta extends AttributionMeta {
  /** Per example: Σ attribution − (f(x) − f(baseline)), baselines averaged. */
  convergenceDelta: number[];
  /** Quadrature points used (more than asked when `tolerance` doubled them). */
  steps: number;
  quadrature: QuadratureRule;
}

/** `meta` of blur integrated gradients. */
export interface BlurIntegratedGradientsMeta extends AttributionMeta {
  /** Per example: Σ attribution − (f(x) − f(blur(x, maxSigma))). */
  convergenceDelta: number[];
  steps: number;
  /** σ in pixels where the path started. */
  maxSigma: number;
}

/** `meta` of guided integrated gradients. */
export interface GuidedIntegratedGradientsMeta extends AttributionMeta {
  /** Per example: Σ attribution − (f(x) − f(baseline)), baselines averaged (the left-Riemann error of the path). */
  convergenceDelta: number[];
  steps: number;
  /** Share of the features moved per round. */
  fraction: number;
  /** Largest distance from the straight path, in α. */
  maxDist: number;
}

/** `meta` of expected gradients (GradientSHAP). */
export interface ExpectedGradientsMeta extends AttributionMeta {
  /** Per example: Σ attribution − (f(x) − mean f(drawn baselines)). */
  convergenceDelta: number[];
  /** Baseline draws per example. */
  samples: number;
}

/** `meta` of SmoothGrad, SmoothGrad² and VarGrad. */
export interface SmoothGradMeta extends AttributionMeta {
  variant: SmoothGradVariant;
  /** Noisy copies per example. */
  samples: number;
  /** Id of the smoothed method (`'custom'` for a function). */
  baseMethod: string;
}

/** `meta` of XRAI. */
export interface XraiMeta extends AttributionMeta {
  /** Per example: its regions, most important first (the uncovered rest, if any, last). */
  regions: RankedRegion[][];
  /** Per example: each pixel's region rank (H·W, row-major; 1 = most important); plain arrays, so meta stays JSON. */
  ranks: number[][];
  algorithm: XraiAlgorithm;
  /** Id of the method whose map was ranked ('custom' for a given `baseAttribution`). */
  baseMethod: string;
}

/** `meta` of Grad-CAM and Grad-CAM++. */
export interface GradCamMeta extends AttributionMeta {
  /** The layer the map was taken at (the last spatial layer for `'auto'`). */
  layer: string;
  /** That layer's output shape, batch dimension first. */
  layerShape: (number | null)[];
}

/** `meta` of guided Grad-CAM. */
export interface GuidedGradCamMeta extends AttributionMeta {
  layer: string;
}

/** `meta` of LRP. */
export interface LrpMeta extends AttributionMeta {
  /** Per example: relevance absorbed by biases, stabilisers and padding (f(x) − Σ attribution). */
  relevanceAbsorbed: number[];
  /** Per example: the explained score f(x). */
  scores: number[];
  /** The rule each layer used, by layer name. */
  rules: Record<string, string>;
}

/** `meta` of DeepLIFT (Rescale). */
export interface DeepLiftMeta extends AttributionMeta {
  /** Per example: Σ attribution − (f(x) − f(baseline)). */
  convergenceDelta: number[];
  /** Per example: f(x). */
  scores: number[];
  /** Per example: f(baseline). */
  baselineScores: number[];
}

declare module '@loupe/core' {
  interface ExplainerMethods {
    saliency: { options: SaliencyOptions; meta: AttributionMeta };
    'input-x-gradient': { options: InputXGradientOptions; meta: AttributionMeta };
    // `method` names the explainer in `explain()`; the quadrature rule is `quadrature` there.
    'integrated-gradients': {
      options: Omit<IntegratedGradientsOptions, 'method'>;
      meta: IntegratedGradientsMeta;
    };
    'blur-integrated-gradients': {
      options: BlurIntegratedGradientsOptions;
      meta: BlurIntegratedGradientsMeta;
    };
    'guided-integrated-gradients': {
      options: GuidedIntegratedGradientsOptions;
      meta: GuidedIntegratedGradientsMeta;
    };
    'expected-gradients': { options: ExpectedGradientsOptions; meta: ExpectedGradientsMeta };
    // Through `explain()` the base method is an id; a function goes in `baseFunction`.
    smoothgrad: {
      options: Omit<SmoothGradOptions, 'baseMethod'> & { baseMethod?: string };
      meta: SmoothGradMeta;
    };
    xrai: { options: XraiOptions; meta: XraiMeta };
    'guided-backprop': { options: GuidedBackpropOptions; meta: AttributionMeta };
    deconvnet: { options: GuidedBackpropOptions; meta: AttributionMeta };
    'grad-cam': { options: GradCamOptions; meta: GradCamMeta };
    'grad-cam-plus-plus': { options: GradCamOptions; meta: GradCamMeta };
    'guided-grad-cam': { options: GuidedGradCamOptions; meta: GuidedGradCamMeta };
    lrp: { options: LrpOptions; meta: LrpMeta };
    deeplift: { options: DeepLiftOptions; meta: DeepLiftMeta };
  }
}
