import {
  checkCount,
  type ExplainableModel,
  OptionError,
  type OptionNames,
  type RunControl,
  rejectUnknownOptions,
  SeededRandom,
  type Target,
  throwIfAborted,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { attributionData, type ExplainFunction, fixedTarget } from '../attribution-source.js';
import { METRIC_COMMON_OPTION_NAMES } from '../option-names.js';
import { MAX_ROBUSTNESS_SAMPLES } from './infidelity.js';

/** Options of {@link maxSensitivity}. */
export interface MaxSensitivityOptions extends RunControl {
  /** Fixed on the unperturbed input and reused for every perturbed copy (default `'predicted'`). */
  target?: Target;
  /** Perturbed inputs per example (default 10, Captum's `n_perturb_samples`). */
  samples?: number;
  /** Radius r of the L∞ ball the uniform noise is drawn from (default 0.02, Captum's default). */
  radius?: number;
  /** Divide by ‖φ(x)‖ (default true, as Captum's `sensitivity_max`). */
  normalize?: boolean;
  seed?: number;
  methodOptions?: Record<string, unknown>;
}

const MAX_SENSITIVITY_OPTION_NAMES: OptionNames<MaxSensitivityOptions> = {
  ...METRIC_COMMON_OPTION_NAMES,
  samples: true,
  radius: true,
  normalize: true,
};

function norm(a: Float32Array, start: number, size: number, b?: Float32Array, bStart = 0): number {
  let s = 0;
  for (let i = 0; i < size; i++) s += (a[start + i] - (b ? b[bStart + i] : 0)) ** 2;
  return Math.sqrt(s);
}

/**
 * Max-sensitivity (Yeh et al. 2019), Captum's `sensitivity_max`: max over inputs x + δ, δ ~ U(−r, r)
 * per element, of ‖φ(x + δ) − φ(x)‖ / ‖φ(x)‖ (Frobenius norms), averaged over the batch. Needs a method
 * (it re-explains); lower is more stable. A zero map gives 0 when it stays zero.
 */
export async function maxSensitivity(
  model: ExplainableModel,
  x: tf.Tensor,
  method: string | ExplainFunction,
  options: MaxSensitivityOptions = {},
): Promise<{ value: number; perExample: number[] }> {
  rejectUnknownOptions('max-sensitivity', options, Object.keys(MAX_SENSITIVITY_OPTION_NAMES));
  if (typeof method !== 'string' && typeof method !== 'function') {
    throw new OptionError(
      'maxSensitivity re-explains perturbed inputs, so it needs a method id or an explain function, not a finished attribution.',
    );
  }
  const samples = options.samples ?? 10;
  const radius = options.radius ?? 0.02;
  checkCount(samples, 'samples', MAX_ROBUSTNESS_SAMPLES);
  const { input, target } = await model.prepare(x, options.target);
  const xb = input.batched;
  try {
    const call = {
      target: fixedTarget(target, options.target),
      seed: options.seed,
      signal: options.signal,
      methodOptions: options.methodOptions,
    };
    const phi = await attributionData(model, xb, method, call);
    const n = xb.shape[0];
    const size = xb.size / n;
    const norms = Array.from({ length: n }, (_, e) =>
      options.normalize === false ? 1 : norm(phi, e * size, size),
    );
    const worst = new Array<number>(n).fill(0);
    const random = new SeededRandom(options.seed ?? 0);
    for (let s = 0; s < samples; s++) {
      throwIfAborted(options.signal);
      const noise = new Float32Array(xb.size);
      for (let i = 0; i < noise.length; i++) noise[i] = (2 * random.uniform() - 1) * radius;
      const noisy = tf.tidy(() => tf.add(xb, tf.tensor(noise, xb.shape)));
      const phiS = await attributionData(model, noisy, method, call).finally(() => noisy.dispose());
      for (let e = 0; e < n; e++) {
        const diff = norm(phiS, e * size, size, phi, e * size);
        worst[e] = Math.max(worst[e], diff === 0 ? 0 : diff / norms[e]);
      }
      options.onProgress?.({ done: s + 1, total: samples, phase: 'max-sensitivity' });
    }
    return { value: worst.reduce((a, b) => a + b, 0) / n, perExample: worst };
  } finally {
    if (!input.hadBatch) xb.dispose();
  }
}
