import type { CommonExplainOptions, ExplainableModel, ParamSpec } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { type BaselineOption, NAMED_BASELINES, resolveBaselines } from './baselines.js';
import { scoresOf } from './gradient-engine.js';
import { type PreparedInput, prepareInputAsync } from './prepared-input.js';

/** `baseline`: where a path method's path starts. */
export const BASELINE_PARAM: ParamSpec = {
  type: 'enum',
  default: 'zeros',
  values: NAMED_BASELINES,
  help: "Path start: 'zeros', 'uniform' noise in the input range (seeded), a Gaussian 'blur' of the input, the input's per-channel 'mean'; in code also a tensor or an array of tensors (attributions averaged).",
};

/** `blurSigma`: σ in pixels of the 'blur' baseline. */
export const BLUR_SIGMA_PARAM: ParamSpec = {
  type: 'number',
  default: 5,
  min: 0,
  step: 0.5,
  help: "σ in pixels of the 'blur' baseline.",
};

/** The baseline options path methods (IG, Guided IG) share. */
export interface PathBaselineOptions extends CommonExplainOptions {
  baseline?: BaselineOption;
  /** σ in pixels of the 'blur' baseline (default 5). */
  blurSigma?: number;
}

/**
 * Prepares the input, resolves the path baselines (`[N, ...]` each; several are averaged by the caller) and
 * runs `work` on them; frees both afterwards, whether `work` returns or throws.
 */
export async function withPathBaselines<T>(
  model: ExplainableModel,
  x: tf.Tensor,
  options: PathBaselineOptions,
  work: (prep: PreparedInput, baselines: tf.Tensor[]) => Promise<T>,
): Promise<T> {
  const prep = await prepareInputAsync(model, x, options);
  const baselines: tf.Tensor[] = [];
  try {
    baselines.push(
      ...(await resolveBaselines(options.baseline, prep.x, {
        inputRange: model.inputRange,
        seed: options.seed ?? 0,
        blurSigma: options.blurSigma ?? 5,
        model,
      })),
    );
    return await work(prep, baselines);
  } finally {
    tf.dispose(baselines);
    prep.dispose();
  }
}

/**
 * f(x) − f(x₀) per example, f(x₀) averaged over the `nb` baselines; `starts` holds the baselines as rows
 * e·nb + b (example e, baseline b). What a complete path attribution sums to.
 */
export async function scoreDifferences(
  model: ExplainableModel,
  prep: PreparedInput,
  starts: tf.Tensor,
  nb: number,
  batchSize: number,
): Promise<number[]> {
  const ids = Array.from({ length: prep.n }, (_, e) => e);
  const fx = await scoresOf(model, prep.target, prep.x, ids, batchSize);
  const startIds = Array.from({ length: prep.n * nb }, (_, r) => Math.floor(r / nb));
  const f0 = await scoresOf(model, prep.target, starts, startIds, batchSize);
  return fx.map((v, e) => v - f0.slice(e * nb, (e + 1) * nb).reduce((a, b) => a + b, 0) / nb);
}
