import {
  assertWithinMemory,
  checkCount,
  type ExplainableModel,
  FLOAT32_BYTES,
  OptionError,
  type OptionNames,
  type RunControl,
  rejectUnknownOptions,
  SeededRandom,
  type Target,
  throwIfAborted,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { type AttributionSource, attributionData, fixedTarget } from '../attribution-source.js';
import { METRIC_COMMON_OPTION_NAMES } from '../option-names.js';
import { scoreCopies } from '../scoring.js';

/** One perturbation: the vector I and the perturbed input x − I (Captum's `perturb_func` contract). */
export interface Perturbation {
  perturbation: Float32Array;
  perturbed: Float32Array;
}

/** Draws a perturbation of one example (flat, row-major); `dims` is the example's shape. */
export type PerturbFunction = (
  x: Float32Array,
  dims: readonly number[],
  random: SeededRandom,
) => Perturbation;

/** Gaussian noise I ~ N(0, σ²) on every element (Yeh et al. 2019, "noisy baseline"). */
export function gaussianPerturbation(std = 0.1): PerturbFunction {
  return (x, _dims, random) => {
    const perturbation = new Float32Array(x.length);
    const perturbed = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      perturbation[i] = std * random.normal();
      perturbed[i] = x[i] - perturbation[i];
    }
    return { perturbation, perturbed };
  };
}

/**
 * Square removal (Yeh et al. 2019): a random `size`×`size` square of an image `[H, W, C]` is set to
 * `baseline`, so I = x − baseline inside it and 0 outside.
 */
export function squarePerturbation(size = 4, baseline = 0): PerturbFunction {
  return (x, dims, random) => {
    if (dims.length !== 3)
      throw new OptionError(`Square perturbations need images [H, W, C]; got [${dims.join(', ')}].`);
    const [h, w, c] = dims;
    const s = Math.min(size, h, w);
    const top = random.integer(h - s + 1);
    const left = random.integer(w - s + 1);
    const perturbation = new Float32Array(x.length);
    const perturbed = Float32Array.from(x);
    for (let y = top; y < top + s; y++) {
      for (let xx = left; xx < left + s; xx++) {
        for (let ch = 0; ch < c; ch++) {
          const i = (y * w + xx) * c + ch;
          perturbation[i] = x[i] - baseline;
          perturbed[i] = baseline;
        }
      }
    }
    return { perturbation, perturbed };
  };
}

/** Most perturbations per example infidelity and max-sensitivity accept (Captum's default is 10). */
export const MAX_ROBUSTNESS_SAMPLES = 10_000;

/** Options of {@link infidelity}. */
export interface InfidelityOptions extends RunControl {
  target?: Target;
  /** Perturbations per example (default 10, Captum's `n_perturb_samples`). */
  samples?: number;
  /** `'gaussian'` (default, σ = `noiseStd`), `'square'` (side `squareSize`) or your own function. */
  perturbation?: 'gaussian' | 'square' | PerturbFunction;
  /** σ of the Gaussian perturbation (default 0.1). */
  noiseStd?: number;
  /** Side of the square perturbation (default 4). */
  squareSize?: number;
  /**
   * Attribution already multiplied by the input (gradient×input, IG): the dot product uses I / x
   * (0 where x = 0), like Captum's `multiply_by_inputs=True` decorator. Default false.
   */
  multiplyByInputs?: boolean;
  /** Rescale I·φ by the best β before the squared error (Captum's `normalize=True`). Default false. */
  normalize?: boolean;
  seed?: number;
  methodOptions?: Record<string, unknown>;
}

const INFIDELITY_OPTION_NAMES: OptionNames<InfidelityOptions> = {
  ...METRIC_COMMON_OPTION_NAMES,
  samples: true,
  perturbation: true,
  noiseStd: true,
  squareSize: true,
  multiplyByInputs: true,
  normalize: true,
};

/**
 * Explanation infidelity (Yeh et al. 2019, "On the (in)fidelity and sensitivity of explanations"), as
 * Captum defines it: E_I[(I·φ(x) − (f(x) − f(x − I)))²] per example, averaged over the batch. 0 means
 * the attribution predicts every perturbation's effect exactly; lower is better.
 */
export async function infidelity(
  model: ExplainableModel,
  x: tf.Tensor,
  source: AttributionSource,
  options: InfidelityOptions = {},
): Promise<{ value: number; perExample: number[] }> {
  rejectUnknownOptions('infidelity', options, Object.keys(INFIDELITY_OPTION_NAMES));
  const samples = checkCount(options.samples ?? 10, 'samples', MAX_ROBUSTNESS_SAMPLES);
  const perturb =
    typeof options.perturbation === 'function'
      ? options.perturbation
      : options.perturbation === 'square'
        ? squarePerturbation(options.squareSize ?? 4)
        : gaussianPerturbation(options.noiseStd ?? 0.1);
  const { input, target } = await model.prepare(x, options.target);
  const xb = input.batched;
  try {
    // Per example: every draw's perturbation and perturbed copy, and the copies scored in one batch.
    const example = xb.shape.slice(1);
    assertWithinMemory({
      bytes: 4 * FLOAT32_BYTES * (samples + 1) * example.reduce((a, b) => a * b, 1),
      what: `Infidelity with ${samples} perturbations of a [${example.join(', ')}] example`,
      fix: 'Lower samples.',
    });
    const phi = await attributionData(model, xb, source, {
      target: fixedTarget(target, options.target),
      seed: options.seed,
      signal: options.signal,
      methodOptions: options.methodOptions,
    });
    const xData = (await xb.data()) as Float32Array;
    const dims = xb.shape.slice(1);
    const size = dims.reduce((a, b) => a * b, 1);
    const random = new SeededRandom(options.seed ?? 0);
    const perExample: number[] = [];
    for (let n = 0; n < xb.shape[0]; n++) {
      throwIfAborted(options.signal);
      const xn = xData.subarray(n * size, (n + 1) * size);
      const phin = phi.subarray(n * size, (n + 1) * size);
      const draws = Array.from({ length: samples }, () => perturb(xn, dims, random));
      const copies = new Float32Array((samples + 1) * size);
      copies.set(xn, 0);
      draws.forEach((d, s) => {
        copies.set(d.perturbed, (s + 1) * size);
      });
      // Infidelity compares raw score differences, so the model's own output is scored (no softmax).
      const scores = tf.tidy(() =>
        scoreCopies(model, tf.tensor(copies, [samples + 1, ...dims]), target, n, 'logit'),
      );
      const f = await scores.data();
      scores.dispose();
      const dots = draws.map((d) => {
        let dot = 0;
        for (let i = 0; i < size; i++) {
          const p = options.multiplyByInputs
            ? xn[i] === 0
              ? 0
              : d.perturbation[i] / xn[i]
            : d.perturbation[i];
          dot += p * phin[i];
        }
        return dot;
      });
      const deltas = draws.map((_, s) => f[0] - f[s + 1]);
      let beta = 1;
      if (options.normalize) {
        const num = dots.reduce((acc, d, s) => acc + d * deltas[s], 0);
        const den = dots.reduce((acc, d) => acc + d * d, 0);
        beta = den === 0 ? 0 : num / den;
      }
      perExample.push(dots.reduce((acc, d, s) => acc + (beta * d - deltas[s]) ** 2, 0) / samples);
      options.onProgress?.({ done: n + 1, total: xb.shape[0], phase: 'infidelity' });
    }
    return { value: perExample.reduce((a, b) => a + b, 0) / perExample.length, perExample };
  } finally {
    if (!input.hadBatch) xb.dispose();
  }
}
