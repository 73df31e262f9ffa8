export * from './curve.js';
export { featureGrid, featureScores, rankFeatures, type FeatureGrid, type RankMode } from './features.js';
export { fillValues, gaussianBlur, type Fill, type FillMode, type FillOptions } from './fill.js';
export type { ScoreKind } from './scoring.js';
export {
  attributionValues,
  isMethod,
  type AttributionLike,
  type AttributionSource,
  type ExplainCallOptions,
  type ExplainFunction,
} from './attribution-source.js';
export { createRandom, permutation, type Random } from './random.js';
export * from './metrics/perturbation.js';
export * from './metrics/infidelity.js';
export * from './metrics/max-sensitivity.js';
export * from './metrics/localization.js';
export * from './metrics/model-randomization.js';
export * from './metrics/data-randomization.js';
export * from './metrics/retraining.js';
export { redrawWeights, weightedLayersTopDown, type InitializerMode } from './randomize-weights.js';
export * from './similarity/spearman.js';
export * from './similarity/ssim.js';
export * from './similarity/hog.js';
export * from './similarity/map-similarity.js';
export * from './training/trainer.js';
export { accuracy } from './training/accuracy.js';
export { buildCnnModel, trainCnn, type CnnArchitecture, type CnnTrainingData, type CnnTrainOptions } from './training/cnn-trainer.js';
export type { CnnLayerSpec } from './training/cnn-layers.js';
export type * from './evaluator.js';
export * from './evaluator-registry.js';
export * from './plugins/index.js';
export * from './evaluate.js';
export { renderMarkdown } from './markdown.js';
