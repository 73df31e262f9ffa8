export { activationMaximization } from './activation-maximization.js';
export {
  type ClassProbabilityOptions,
  type ClassSelection,
  classLogit,
  classProbability,
} from './class-objectives.js';
export { negateObjective, scaleObjective, sumObjectives } from './compose.js';
export { fitDensityPrior } from './density/fit.js';
export type { DensityFitOptions, DensityKind, DensityPrior } from './density/types.js';
export { activationMaximizationFrames } from './frames.js';
export { l2Penalty, totalVariation } from './image-priors.js';
export { channel, diversity, layerEnergy, neuron } from './layer-objectives.js';
export type * from './method-types.js';
export type { BoundObjective, Objective, ObjectiveContext } from './objective.js';
export type {
  ActivationMaximizationOptions,
  ActivationMaximizationResult,
  BlurPrior,
  DensityPriorTerm,
  Frame,
  GeneratorOptions,
  Preset,
  PriorOptions,
  TotalVariationPrior,
} from './options.js';
export type { ParameterizationKind } from './parameterization.js';
export {
  type ActivationMaximizationParams,
  activationMaximizationPlugin,
  registerOptimizationMethods,
} from './plugin.js';
export { PRESETS, type PresetDefaults, type ResolvedPrior } from './presets.js';
export type { RangeMapping } from './value-range.js';
