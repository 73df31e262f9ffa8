import { MAX_BATCH_SIZE, type ParamSpec } from '@loupe/core';

/** Params shared by the perturbation-curve evaluators. */
export function curveParams(fill: 'zero' | 'mean' | 'blur'): Record<string, ParamSpec> {
  return {
    steps: {
      type: 'number',
      default: 100,
      min: 1,
      max: 10_000,
      integer: true,
      help: 'Steps from 0 to 100% of features; the curve has steps + 1 points.',
    },
    fill: {
      type: 'enum',
      default: fill,
      values: ['zero', 'mean', 'blur', 'uniform'],
      help: 'What a perturbed feature is replaced by.',
    },
    blurSigma: { type: 'number', default: 5, min: 0.1, help: "Gaussian σ in pixels of the 'blur' fill." },
    patch: {
      type: 'number',
      default: 1,
      min: 1,
      max: 4096,
      integer: true,
      help: 'Side of square feature patches, pixels (at most the image side).',
    },
    rank: {
      type: 'enum',
      default: 'signed',
      values: ['signed', 'absolute'],
      help: 'Rank by signed relevance (most positive first) or by magnitude.',
    },
    score: {
      type: 'enum',
      default: 'auto',
      values: ['auto', 'probability', 'logit'],
      help: "Track the target's probability or its logit; 'auto': the probability, or the raw score (with a warning) when the model's output view is 'raw'.",
    },
    batchSize: {
      type: 'number',
      default: 128,
      min: 1,
      max: MAX_BATCH_SIZE,
      integer: true,
      help: 'Perturbed copies scored per forward pass.',
    },
  };
}
