import { type OptionNames, rejectUnknownOptions } from '@loupe/core';
import type { MmdCriticOptions } from './mmd-critic.js';
import type { NearestPrototypesOptions } from './nearest-prototypes.js';
import type { ProjectOptions } from './project.js';
import type { ProtoDashOptions } from './protodash.js';
import type { ComputeOptions, EmbedOptions, KernelOptions } from './types.js';

// Every option name of each direct call, as records the compiler checks against the options types, so a
// misspelt option (`prototpyes: 3`) is an OptionError naming the closest one instead of a run with defaults.
const EMBED: OptionNames<EmbedOptions> = { model: true, layer: true, batchSize: true };
const KERNEL: OptionNames<KernelOptions> = { gamma: true };
const COMPUTE: OptionNames<ComputeOptions> = {
  signal: true,
  onProgress: true,
  kernel: true,
  precision: true,
  maxExactRows: true,
  approximation: true,
  landmarks: true,
  seed: true,
  threads: true,
  embed: true,
};
const MMD_CRITIC: OptionNames<MmdCriticOptions> = {
  ...COMPUTE,
  prototypes: true,
  criticisms: true,
  regularizer: true,
  labels: true,
  perClass: true,
};
const PROTODASH: OptionNames<ProtoDashOptions> = { ...COMPUTE, prototypes: true, target: true };
const PROJECT: OptionNames<ProjectOptions> = {
  method: true,
  dims: true,
  seed: true,
  neighbors: true,
  iterations: true,
  embed: true,
};
const NEAREST: OptionNames<NearestPrototypesOptions> = {
  data: true,
  layer: true,
  k: true,
  includeCriticisms: true,
  sameClass: true,
  batchSize: true,
};

/** The option names each direct call accepts. */
export const PROTOTYPE_OPTION_NAMES = {
  mmdCritic: MMD_CRITIC,
  protoDash: PROTODASH,
  project: PROJECT,
  nearestPrototypes: NEAREST,
} as const;

/**
 * Throws `OptionError` for an unknown option name of `owner`'s direct call, and inside its `kernel`,
 * `embed` and `perClass` settings, naming the closest known one.
 */
export function checkOptionNames(owner: keyof typeof PROTOTYPE_OPTION_NAMES, options: object): void {
  rejectUnknownOptions(owner, options, Object.keys(PROTOTYPE_OPTION_NAMES[owner]));
  const nested = options as { kernel?: object; embed?: object; perClass?: unknown };
  if (nested.kernel && typeof nested.kernel === 'object')
    rejectUnknownOptions(`${owner} kernel`, nested.kernel, Object.keys(KERNEL));
  if (nested.embed && typeof nested.embed === 'object')
    rejectUnknownOptions(`${owner} embed`, nested.embed, Object.keys(EMBED));
  if (nested.perClass && typeof nested.perClass === 'object')
    rejectUnknownOptions(`${owner} perClass`, nested.perClass, ['prototypes', 'criticisms']);
}
