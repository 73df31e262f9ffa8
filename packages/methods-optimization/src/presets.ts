import type { BlurPrior, DensityPriorTerm, Preset } from './options.js';
import type { ParameterizationKind } from './parameterization.js';

/** Every prior setting, filled in. */
export interface ResolvedPrior {
  l2: number;
  tv: { weight: number; beta: number };
  blur: BlurPrior | null;
  jitter: number;
  scale: number;
  rotate: number;
  density: DensityPriorTerm | null;
  latent: number;
}

/** What a preset fixes unless the caller overrides it. */
export interface PresetDefaults {
  steps: number;
  learningRate: number;
  parameterization: ParameterizationKind;
  prior: ResolvedPrior;
}

const NO_PRIOR: ResolvedPrior = {
  l2: 0,
  tv: { weight: 0, beta: 2 },
  blur: null,
  jitter: 0,
  scale: 0,
  rotate: 0,
  density: null,
  latent: 0,
};

/**
 * The three regimes' defaults, tuned on the shipped MNIST CNN (inputs in [0, 1]); see the README for why
 * each term is there.
 */
export const PRESETS: Readonly<Record<Preset, PresetDefaults>> = {
  'score-only': { steps: 128, learningRate: 0.1, parameterization: 'pixel', prior: NO_PRIOR },
  'expert-prior': {
    steps: 128,
    learningRate: 0.1,
    parameterization: 'pixel',
    prior: {
      ...NO_PRIOR,
      l2: 0.5,
      tv: { weight: 4, beta: 2 },
      blur: { sigma: 0.5, every: 8 },
      jitter: 1,
      scale: 0.05,
      rotate: 5,
    },
  },
  'code-space': {
    steps: 128,
    learningRate: 0.2,
    parameterization: 'pixel',
    prior: { ...NO_PRIOR, latent: 0.002 },
  },
};
