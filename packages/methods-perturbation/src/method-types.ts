// Typed `explain()` for this package's methods: their ids, options and `meta`, merged into core's
// `ExplainerMethods` map (see its doc comment). Importing anything from this package brings them in.
import type { AttributionMeta } from '@loupe/core';
import type { FeatureAblationOptions } from './feature-ablation.js';
import type { KernelShapOptions } from './kernel-shap.js';
import type { LimeOptions } from './lime.js';
import type { OcclusionPluginOptions } from './plugins/occlusion-plugin.js';
import type { RiseOptions } from './rise.js';

/** What every perturbation method records: the model calls it made (forward passes over single examples). */
export interface PerturbationMeta extends AttributionMeta {
  forwardPasses: number;
}

/** `meta` of occlusion. */
export interface OcclusionMeta extends PerturbationMeta {
  /** Window and stride per axis of one example, as used (after fitting to the input). */
  window: number[];
  stride: number[];
  /** Window positions per example. */
  windows: number;
}

/** `meta` of feature ablation. */
export interface FeatureAblationMeta extends PerturbationMeta {
  /** Feature groups per example. */
  features: number[];
}

/** `meta` of RISE. */
export interface RiseMeta extends PerturbationMeta {
  masks: number;
  gridSize: number;
  /** Keep probability of a grid cell. */
  p: number;
}

/** `meta` of LIME. */
export interface LimeMeta extends PerturbationMeta {
  /** Per example: the surrogate's intercept and its weighted R². */
  intercept: number[];
  r2: number[];
  features: number[];
}

/** `meta` of KernelSHAP. */
export interface KernelShapMeta extends PerturbationMeta {
  /** Per example: Σφ − (f(x) − f(baseline)) (rounding only: efficiency is imposed). */
  convergenceDelta: number[];
  /** Per example: f(baseline). */
  baselineScore: number[];
  features: number[];
  /** Per example: whether every coalition was enumerated (exact Shapley values). */
  exact: boolean[];
}

declare module '@loupe/core' {
  interface ExplainerMethods {
    occlusion: { options: OcclusionPluginOptions; meta: OcclusionMeta };
    'feature-ablation': { options: FeatureAblationOptions; meta: FeatureAblationMeta };
    rise: { options: RiseOptions; meta: RiseMeta };
    lime: { options: LimeOptions; meta: LimeMeta };
    'kernel-shap': { options: KernelShapOptions; meta: KernelShapMeta };
  }
}
