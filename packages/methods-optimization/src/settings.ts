import {
  checkBatchSize,
  checkCount,
  MAX_BATCH_SIZE,
  OptionError,
  type OptionNames,
  rejectUnknownOptions,
} from '@loupe/core';
import type { ActivationMaximizationOptions, Preset, PriorOptions } from './options.js';
import type { ParameterizationKind } from './parameterization.js';
import { PRESETS, type ResolvedPrior } from './presets.js';
import type { RangeMapping } from './value-range.js';

/** Most optimisation steps (the plugin schema's maximum too). */
export const MAX_STEPS = 10_000;

/** Options with the preset filled in and every value checked. */
export interface Settings {
  preset: Preset;
  steps: number;
  learningRate: number;
  batch: number;
  parameterization: ParameterizationKind;
  range: RangeMapping;
  decorrelate: boolean;
  prior: ResolvedPrior;
  seed: number;
  every: number;
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0)
    throw new OptionError(`${name} must be a finite number ≥ 0; got ${value}.`);
  return value;
}

function resolvePrior(preset: Preset, options: ActivationMaximizationOptions): ResolvedPrior {
  const base = PRESETS[preset].prior;
  const given = options.prior ?? {};
  const tvGiven = given.tv;
  const tv =
    tvGiven === undefined
      ? base.tv
      : typeof tvGiven === 'number'
        ? { weight: tvGiven, beta: 2 }
        : { weight: tvGiven.weight, beta: tvGiven.beta ?? 2 };
  const blur = given.blur === undefined ? base.blur : given.blur;
  if (blur) {
    if (!(blur.sigma > 0) || !Number.isFinite(blur.sigma))
      throw new OptionError(`prior.blur.sigma must be > 0 pixels; got ${blur.sigma}.`);
    checkBatchSize(blur.every, 'prior.blur.every');
  }
  const density = given.density === undefined ? base.density : given.density;
  if (density) nonNegative(density.weight, 'prior.density.weight');
  if (!(tv.beta > 0)) throw new OptionError(`prior.tv.beta must be > 0; got ${tv.beta}.`);
  const scale = nonNegative(given.scale ?? base.scale, 'prior.scale');
  if (scale >= 1)
    throw new OptionError(`prior.scale is the largest relative zoom and must be below 1; got ${scale}.`);
  return {
    l2: nonNegative(given.l2 ?? base.l2, 'prior.l2'),
    tv: { weight: nonNegative(tv.weight, 'prior.tv weight'), beta: tv.beta },
    blur,
    jitter: nonNegative(given.jitter ?? base.jitter, 'prior.jitter'),
    scale,
    rotate: nonNegative(given.rotate ?? base.rotate, 'prior.rotate'),
    density,
    latent: nonNegative(given.latent ?? base.latent, 'prior.latent'),
  };
}

const OPTION_NAMES: OptionNames<ActivationMaximizationOptions> = {
  objective: true,
  preset: true,
  steps: true,
  learningRate: true,
  batch: true,
  parameterization: true,
  range: true,
  inputRange: true,
  decorrelate: true,
  prior: true,
  generator: true,
  seed: true,
  every: true,
  onStep: true,
  signal: true,
  onProgress: true,
};

const PRIOR_NAMES: OptionNames<PriorOptions> = {
  l2: true,
  tv: true,
  blur: true,
  jitter: true,
  scale: true,
  rotate: true,
  density: true,
  latent: true,
};

/** Fills in the preset and validates every option (`OptionError` saying what to change). */
export function resolveSettings(options: ActivationMaximizationOptions): Settings {
  if (!options || typeof options.objective?.bind !== 'function') {
    throw new OptionError(
      'activationMaximization needs options.objective, e.g. { objective: classLogit(7) }.',
    );
  }
  rejectUnknownOptions('activation-maximization', options, Object.keys(OPTION_NAMES));
  if (options.prior)
    rejectUnknownOptions('activation-maximization (prior)', options.prior, Object.keys(PRIOR_NAMES));
  const preset = options.preset ?? 'score-only';
  if (!(preset in PRESETS))
    throw new OptionError(
      `Unknown preset "${String(preset)}"; use 'score-only', 'expert-prior' or 'code-space'.`,
    );
  const defaults = PRESETS[preset];
  const steps = checkCount(options.steps ?? defaults.steps, 'steps', MAX_STEPS);
  const learningRate = options.learningRate ?? defaults.learningRate;
  if (!(learningRate > 0) || !Number.isFinite(learningRate))
    throw new OptionError(`learningRate must be > 0; got ${learningRate}.`);
  const parameterization = options.parameterization ?? defaults.parameterization;
  if (parameterization !== 'pixel' && parameterization !== 'fourier') {
    throw new OptionError(
      `parameterization must be 'pixel' or 'fourier'; got "${String(parameterization)}".`,
    );
  }
  const range = options.range ?? (parameterization === 'fourier' ? 'sigmoid' : 'clip');
  if (range !== 'clip' && range !== 'sigmoid')
    throw new OptionError(`range must be 'clip' or 'sigmoid'; got "${String(range)}".`);
  // activationMaximization fills in its own default (1 with onStep, else 0); 1 is the frames default.
  const every = options.every ?? 1;
  if (!Number.isInteger(every) || every < 0)
    throw new OptionError(`every must be an integer ≥ 0 (0: no frames); got ${every}.`);
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new OptionError(`seed must be a finite number; got ${seed}.`);
  if (preset === 'code-space') {
    if (!options.generator) {
      throw new OptionError(
        "The 'code-space' preset needs options.generator = { model, latentDim } (e.g. from loadMnistGenerator()).",
      );
    }
    if (options.parameterization !== undefined) {
      throw new OptionError(
        "parameterization does not apply to 'code-space': the generator's code is what is optimised.",
      );
    }
  }
  return {
    preset,
    steps,
    learningRate,
    batch: checkCount(options.batch ?? 1, 'batch', MAX_BATCH_SIZE),
    parameterization,
    range,
    decorrelate: options.decorrelate ?? true,
    prior: resolvePrior(preset, options),
    seed,
    every,
  };
}
