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
import { shapleyCoalitions, type WeightedCoalitions } from './shapley-coalitions.js';
import { constrainedShapleyRegression } from './weighted-regression.js';

/** Options of {@link kernelShap}. */
export interface KernelShapOptions extends PerturbationOptions, FeatureMaskOptions {
  /** Coalitions evaluated per example, besides the full and empty ones (default 1000; at least the feature count). */
  samples?: number;
  /** What an absent feature takes (default 0): the reference input f(baseline) is measured against. */
  baseline?: Fill;
  /** Standard deviation in pixels of `baseline: 'blur'` (default 3). */
  blurSigma?: number;
  /** Seed of the coalition sampling (default 0); every example uses the same stream. */
  seed?: number;
}

const KERNEL_SHAP_OPTION_NAMES: OptionNames<KernelShapOptions> = {
  ...PERTURBATION_OPTION_NAMES,
  ...FEATURE_MASK_OPTION_NAMES,
  samples: true,
  baseline: true,
  blurSigma: true,
  seed: true,
};

async function kernelShapPacked(
  model: ModelLike | ExplainableModel,
  x: tf.Tensor,
  options: KernelShapOptions,
): Promise<Attribution> {
  rejectUnknownOptions('kernel-shap', options, Object.keys(KERNEL_SHAP_OPTION_NAMES));
  const samples = options.samples ?? 1000;
  checkCount(samples, 'samples', MAX_SAMPLES);
  const call = await prepareCall(model, x, options);
  const parts: tf.Tensor[] = [];
  let baseline: tf.Tensor | null = null;
  try {
    const groups = await featureGroups(call.input.batched, options, call.model);
    const most = Math.max(...groups.map((g) => g.count));
    if (samples < most) {
      throw new OptionError(
        `KernelSHAP needs at least as many samples as features: ${most} features, samples = ${samples}. Raise samples (≥ ${most}; about 2·M + 2048 is accurate) or use fewer features (a coarser featureMask, fewer segments).`,
      );
    }
    checkDesignMemory('KernelSHAP', samples, most);
    baseline = makeBaseline(options.baseline ?? 0, call.input.batched, options.blurSigma ?? 3, call.model);
    // Every example restarts the same seeded stream, so examples with as many features share a design.
    const byCount = new Map<number, { plan: WeightedCoalitions; rows: Uint8Array }>();
    const designs = groups.map((g) => {
      let design = byCount.get(g.count);
      if (!design) {
        const plan = shapleyCoalitions(g.count, samples, new SeededRandom(options.seed ?? 0));
        const m = plan.features;
        // Row 0: all present (f(x)); row 1: all absent (f(baseline)); then the sampled coalitions.
        const rows = new Uint8Array((plan.count + 2) * m);
        rows.fill(1, 0, m);
        rows.set(plan.rows, 2 * m);
        design = { plan, rows };
        byCount.set(g.count, design);
      }
      return design;
    });
    const plans = designs.map((d) => d.plan);
    const total = plans.reduce((a, p) => a + p.count + 2, 0);
    const delta: number[] = [];
    const baseScores: number[] = [];
    let offset = 0;
    for (let i = 0; i < groups.length; i++) {
      const { plan, rows } = designs[i];
      const m = plan.features;
      const scores = await scoreCoalitions(
        call,
        i,
        groups[i],
        baseline,
        { rows, count: plan.count + 2, features: m },
        { ...options, phase: 'kernel-shap', offset, total },
      );
      offset += plan.count + 2;
      const fx = scores[0];
      const f0 = scores[1];
      const y = scores.subarray(2).map((s) => s - f0);
      const phi = constrainedShapleyRegression(
        { rows: plan.rows, count: plan.count, features: m, weights: plan.weights, y },
        fx - f0,
      );
      delta.push(phi.reduce((a, b) => a + b, 0) - (fx - f0));
      baseScores.push(f0);
      parts.push(broadcastGroups(call, groups[i], phi));
    }
    const values = tf.concat(parts, 0);
    return finishAttribution(call, 'kernel-shap', values, {
      convergenceDelta: delta,
      baselineScore: baseScores,
      features: groups.map((g) => g.count),
      exact: plans.map((p) => p.exhaustive),
      forwardPasses: total,
    });
  } finally {
    tf.dispose(parts);
    baseline?.dispose();
    call.release();
  }
}

/**
 * KernelSHAP (Lundberg & Lee 2017, "A Unified Approach to Interpreting Model Predictions"): Shapley values of
 * the feature groups, estimated by a weighted linear regression of the target score over coalitions
 * (present features keep their value, absent ones take the baseline) with the Shapley kernel as weights.
 * The efficiency constraint Σφ = f(x) − f(baseline) is enforced exactly; the solve is float64. With a
 * budget covering all 2^M − 2 coalitions the values are the exact Shapley values. Each element gets its
 * group's value. `meta.convergenceDelta` = Σφ − (f(x) − f(baseline)) per example (rounding only).
 * Throws `OptionError` when `samples` is below the number of features.
 * For a model with several inputs, `featureMask` (and a fill tensor) may be given per input (an array or a
 * record by name; equal ids across inputs are one feature) and each input's default groups are its own.
 */
export async function kernelShap(
  model: ModelLike | ExplainableModel,
  x: ModelInput,
  options: KernelShapOptions = {},
): Promise<Attribution> {
  rejectUnknownOptions('kernel-shap', options, Object.keys(KERNEL_SHAP_OPTION_NAMES));
  return onPackedInput(model, x, options, ['featureMask', 'baseline'], (m, packed, o) =>
    kernelShapPacked(m, packed, o),
  );
}
