export {
  type AttributionCallOptions,
  type AttributionLike,
  type AttributionSource,
  attributionValues,
  type ExplainCallOptions,
  type ExplainFunction,
  isMethod,
} from './attribution-source.js';
export * from './curve.js';
export * from './evaluate.js';
export type * from './evaluator.js';
export * from './evaluator-registry.js';
export { type FeatureGrid, featureGrid, featureScores, type RankMode, rankFeatures } from './features.js';
export { type Fill, type FillMode, type FillOptions, fillValues } from './fill.js';
export { renderMarkdown } from './markdown.js';
export * from './metrics/data-randomization.js';
export * from './metrics/infidelity.js';
export * from './metrics/localization.js';
export * from './metrics/max-sensitivity.js';
export * from './metrics/model-randomization.js';
export * from './metrics/perturbation.js';
export * from './metrics/retraining.js';
export * from './plugins/index.js';
export { type InitializerMode, redrawWeights, weightedLayersTopDown } from './randomize-weights.js';
export type { ScoreKind } from './scoring.js';
export * from './similarity/hog.js';
export * from './similarity/map-similarity.js';
export * from './similarity/spearman.js';
export * from './similarity/ssim.js';
export { accuracy } from './training/accuracy.js';
export type { CnnLayerSpec } from './training/cnn-layers.js';
export {
  buildCnnModel,
  type CnnArchitecture,
  type CnnTrainingData,
  type CnnTrainOptions,
  trainCnn,
} from './training/cnn-trainer.js';
export * from './training/trainer.js';
