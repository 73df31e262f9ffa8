export type { CriticismRegularizer } from './criticisms.js';
export { mmdSquared } from './mmd.js';
export { type MmdCriticOptions, type MmdCriticResult, mmdCritic } from './mmd-critic.js';
export {
  type NearestPrototypesOptions,
  type NearestPrototypesResult,
  nearestPrototypes,
  type PrototypeNeighbour,
} from './nearest-prototypes.js';
export { type Projection, type ProjectOptions, project, TSNE_MAX_ROWS } from './project.js';
export { type ProtoDashOptions, type ProtoDashResult, protoDash } from './protodash.js';
export type {
  ApproximationReport,
  ClassPrototypes,
  ComputeOptions,
  EmbedOptions,
  GammaOption,
  KernelOptions,
  Labels,
  MatrixInput,
  PrototypeSet,
  RowList,
} from './types.js';
