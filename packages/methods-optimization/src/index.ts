export { activationMaximization } from './activation-maximization.js';
export { activationMaximizationFrames } from './frames.js';
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
export { PRESETS, type PresetDefaults, type ResolvedPrior } from './presets.js';
export type { BoundObjective, Objective, ObjectiveContext } from './objective.js';
export { sumObjectives, scaleObjective, negateObjective } from './compose.js';
export { classLogit, classProbability, type ClassProbabilityOptions } from './class-objectives.js';
export { neuron, channel, layerEnergy, diversity } from './layer-objectives.js';
export { totalVariation, l2Penalty } from './image-priors.js';
export { gaussianBlur } from './gaussian-blur.js';
export type { ParameterizationKind } from './parameterization.js';
export type { RangeMapping } from './value-range.js';
export { fitDensityPrior } from './density/fit.js';
export type { DensityFitOptions, DensityKind, DensityPrior } from './density/types.js';
