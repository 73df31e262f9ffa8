import {
  type Attribution,
  checkCount,
  type ExplainableModel,
  type ModelInput,
  type ModelLike,
  OptionError,
  type OptionNames,
  rejectUnknownOptions,
  SeededRandom,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkDesignMemory } from './coalition-memory.js';
import { FEATURE_MASK_OPTION_NAMES, type FeatureMaskOptions, featureGroups } from './feature-mask.js';
import { type Fill, makeBaseline } from './fill.js';
import { MAX_SAMPLES } from './limits.js';
import { onPackedInput } from './packed-input.js';
import {
  finishAttribution,
  PERTURBATION_OPTION_NAMES,
  type PerturbationOptions,
  prepareCall,
} from './prepare.js';
import { broadcastGroups, scoreCoalitions } from './score-coalitions.js';
import { weightedRidge } from './weighted-regression.js';

/** Options of {@link lime}. */
export interface LimeOptions extends PerturbationOptions, FeatureMaskOptions {
  /** Perturbed samples per example, the unperturbed one included (default 1000). */
  samples?: number;
  /**
   * Width σ of the exponential kernel exp(−d²/σ²) on the cosine distance d between a coalition and the
   * full one (default 0.25). `Infinity` weighs every sample equally (the identity kernel).
   */
  kernelWidth?: number;
  /** Ridge penalty α of the surrogate (default 1, as in LIME's reference implementation). */
  alpha?: number;
  /** What an absent feature takes (default 0). */
  baseline?: Fill;
  /** Standard deviation in pixels of `baseline: 'blur'` (default 3). */
  blurSigma?: number;
  /** Seed of the sampling (default 0); every example uses the same stream. */
  seed?: number;
}

const LIME_OPTION_NAMES: OptionNames<LimeOptions> = {
  ...PERTURBATION_OPTION_NAMES,
  ...FEATURE_MASK_OPTION_NAMES,
  samples: true,
  kernelWidth: true,
  alpha: true,
  baseline: true,
  blurSigma: true,
  seed: true,
};

/** Row 0 keeps every feature; the rest keep each feature with probability ½ (LIME's image sampler). */
function limeCoalitions(features: number, samples: number, rng: SeededRandom): Uint8Array {
  const rows = new Uint8Array(samples * features);
  rows.fill(1, 0, features);
  for (let p = features; p < rows.length; p++) rows[p] = rng.uniform() < 0.5 ? 1 : 0;
  return rows;
}

function kernelWeights(rows: Uint8Array, samples: number, features: number, width: number): Float64Array {
  const weights = new Float64Array(samples);
  for (let r = 0; r < samples; r++) {
    let kept = 0;
    for (let j = 0; j < features; j++) kept += rows[r * features + j];
    // Cosine distance to the all-ones coalition; an empty coalition is maximally far.
    const d = kept === 0 ? 1 : 1 - Math.sqrt(kept / features);
    weights[r] = Number.isFinite(width) ? Math.exp(-(d * d) / (width * width)) : 1;
  }
  return weights;
}

async function limePacked(
  model: ModelLike | ExplainableModel,
  x: tf.Tensor,
  options: LimeOptions,
): Promise<Attribution> {
  rejectUnknownOptions('lime', options, Object.keys(LIME_OPTION_NAMES));
  const samples = options.samples ?? 1000;
  const width = options.kernelWidth ?? 0.25;
  const alpha = options.alpha ?? 1;
  checkCount(samples, 'samples', MAX_SAMPLES, 2);
  if (!(width > 0))
    throw new OptionError(`kernelWidth must be > 0 (Infinity for equal weights); got ${width}.`);
  if (!(alpha >= 0)) throw new OptionError(`alpha must be ≥ 0; got ${alpha}.`);
  const call = await prepareCall(model, x, options);
  const parts: tf.Tensor[] = [];
  let baseline: tf.Tensor | null = null;
  try {
    const groups = await featureGroups(call.input.batched, options, call.model);
    checkDesignMemory('LIME', samples, Math.max(...groups.map((g) => g.count)));
    baseline = makeBaseline(options.baseline ?? 0, call.input.batched, options.blurSigma ?? 3, call.model);
    const total = groups.length * samples;
    const intercept: number[] = [];
    const r2: number[] = [];
    // Every example restarts the same seeded stream, so examples with as many features share coalitions.
    const designs = new Map<number, { rows: Uint8Array; weights: Float64Array }>();
    for (let i = 0; i < groups.length; i++) {
      const m = groups[i].count;
      let design = designs.get(m);
      if (!design) {
        const rows = limeCoalitions(m, samples, new SeededRandom(options.seed ?? 0));
        design = { rows, weights: kernelWeights(rows, samples, m, width) };
        designs.set(m, design);
      }
      const { rows, weights } = design;
      const y = await scoreCoalitions(
        call,
        i,
        groups[i],
        baseline,
        { rows, count: samples, features: m },
        { ...options, phase: 'lime', offset: i * samples, total },
      );
      const fit = weightedRidge({ rows, count: samples, features: m, weights, y }, alpha);
      intercept.push(fit.intercept);
      r2.push(fit.r2);
      parts.push(broadcastGroups(call, groups[i], fit.coefficients));
    }
    const values = tf.concat(parts, 0);
    return finishAttribution(call, 'lime', values, {
      intercept,
      r2,
      features: groups.map((g) => g.count),
      forwardPasses: total,
    });
  } finally {
    tf.dispose(parts);
    baseline?.dispose();
    call.release();
  }
}

/**
 * LIME (Ribeiro, Singh & Guestrin 2016, "Why Should I Trust You?"): a weighted ridge regression of the
 * target score on which feature groups are present (absent ones take the baseline), over random
 * coalitions weighted by an exponential kernel on their cosine distance to the full input. The surrogate's
 * coefficients (score units per feature) are the attribution, each element getting its group's.
 * `meta.intercept` and `meta.r2` (weighted fit) per example.
 * For a model with several inputs, `featureMask` (and a fill tensor) may be given per input (an array or a
 * record by name; equal ids across inputs are one feature) and each input's default groups are its own.
 */
export async function lime(
  model: ModelLike | ExplainableModel,
  x: ModelInput,
  options: LimeOptions = {},
): Promise<Attribution> {
  rejectUnknownOptions('lime', options, Object.keys(LIME_OPTION_NAMES));
  return onPackedInput(model, x, options, ['featureMask', 'baseline'], (m, packed, o) =>
    limePacked(m, packed, o),
  );
}
