import {
  type ExplainableModel,
  InputShapeError,
  normalizeInputAsync,
  OptionError,
  type OptionNames,
  type RunControl,
  rejectUnknownOptions,
  type Target,
} from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import {
  type AttributionCallOptions,
  type AttributionSource,
  attributionData,
} from '../attribution-source.js';
import { METRIC_COMMON_OPTION_NAMES } from '../option-names.js';

/** Options of {@link sparseness}: what a method (when `source` is one) is called with. */
export interface LocalizationCallOptions extends RunControl {
  target?: Target;
  seed?: number;
  methodOptions?: Record<string, unknown>;
}

/** Options of the mask-based localization metrics. */
export interface LocalizationOptions extends LocalizationCallOptions {
  /**
   * Where the evidence truly is: 1 inside, 0 outside. Shape `[N, H, W]`, `[N, H, W, 1]`, the input's shape,
   * or any of these without the batch dimension for a single example.
   */
  mask: tf.Tensor;
}

/** Options of {@link pointingGame}. */
export interface PointingGameOptions extends LocalizationOptions {
  /** How many pixels from the most relevant position still count as a hit (default 0). */
  tolerance?: number;
}

const SPARSENESS_OPTION_NAMES: OptionNames<LocalizationCallOptions> = METRIC_COMMON_OPTION_NAMES;
const MASK_OPTION_NAMES: OptionNames<LocalizationOptions> = { ...METRIC_COMMON_OPTION_NAMES, mask: true };
const POINTING_OPTION_NAMES: OptionNames<PointingGameOptions> = { ...MASK_OPTION_NAMES, tolerance: true };

/** A localization score per example and their mean. */
export interface LocalizationResult {
  value: number;
  perExample: number[];
}

interface Maps {
  relevance: Float32Array[];
  mask: Uint8Array[];
  width: number;
}

// The target goes to the method as given: these metrics score the map alone, so it is not fixed here.
function callOptions(options: LocalizationCallOptions): AttributionCallOptions {
  return {
    target: options.target,
    seed: options.seed,
    signal: options.signal,
    methodOptions: options.methodOptions,
  };
}

/** Channel-summed relevance and a binary mask per example, both over positions. */
async function maps(
  model: ExplainableModel,
  x: tf.Tensor,
  source: AttributionSource,
  options: LocalizationOptions,
): Promise<Maps> {
  if (!options?.mask)
    throw new OptionError('Localization metrics need options.mask: 1 where the evidence is, 0 elsewhere.');
  const input = await normalizeInputAsync(x, model.inputShape);
  const xb = input.batched;
  const shape = xb.shape as number[];
  const n = shape[0];
  const isImage = shape.length === 4;
  const positions = isImage ? shape[1] * shape[2] : xb.size / n;
  const channels = isImage ? shape[3] : 1;
  const m = options.mask;
  const maskSize = m.size;
  const perChannel = maskSize === n * positions * channels && channels > 1;
  let maskData: ArrayLike<number>;
  let data: Float32Array;
  try {
    if (maskSize !== n * positions && maskSize !== n * positions * channels) {
      throw new InputShapeError(
        `The mask has shape [${m.shape.join(', ')}] (${maskSize} values) but the input [${xb.shape.join(', ')}] needs ${n * positions} ` +
          `(one per position${isImage ? ', e.g. [N, H, W, 1]' : ''}) or ${n * positions * channels} (the input's shape).`,
      );
    }
    maskData = await m.data();
    data = await attributionData(model, xb, source, callOptions(options));
  } finally {
    if (!input.hadBatch) xb.dispose();
  }
  const relevance: Float32Array[] = [];
  const mask: Uint8Array[] = [];
  for (let e = 0; e < n; e++) {
    const r = new Float32Array(positions);
    const k = new Uint8Array(positions);
    for (let p = 0; p < positions; p++) {
      for (let c = 0; c < channels; c++) {
        const i = (e * positions + p) * channels + c;
        r[p] += data[i];
        if (perChannel ? maskData[i] > 0.5 : c === 0 && maskData[e * positions + p] > 0.5) k[p] = 1;
      }
    }
    relevance.push(r);
    mask.push(k);
  }
  return { relevance, mask, width: isImage ? shape[2] : positions };
}

function mean(values: number[]): LocalizationResult {
  return { value: values.reduce((a, b) => a + b, 0) / values.length, perExample: values };
}

/**
 * Pointing game (Zhang et al. 2018, "Top-down neural attention by excitation backprop"): a hit (1) when
 * the position of maximal relevance lies in the mask, or within `tolerance` pixels of it; the hit rate.
 */
export async function pointingGame(
  model: ExplainableModel,
  x: tf.Tensor,
  source: AttributionSource,
  options: PointingGameOptions,
): Promise<LocalizationResult> {
  rejectUnknownOptions('pointing-game', options, Object.keys(POINTING_OPTION_NAMES));
  const { relevance, mask, width } = await maps(model, x, source, options);
  const tol = options.tolerance ?? 0;
  return mean(
    relevance.map((r, e) => {
      let best = 0;
      for (let p = 1; p < r.length; p++) if (r[p] > r[best]) best = p;
      const by = Math.floor(best / width);
      const bx = best % width;
      for (let p = 0; p < r.length; p++) {
        if (!mask[e][p]) continue;
        const dy = Math.floor(p / width) - by;
        const dx = (p % width) - bx;
        if (dx * dx + dy * dy <= tol * tol) return 1;
      }
      return 0;
    }),
  );
}

/**
 * Relevance mass accuracy (Arras et al. 2022, "CLEVR-XAI"): the share of positive relevance that falls
 * inside the mask, Σ_mask R⁺ / Σ R⁺ (0 when there is no positive relevance).
 */
export async function relevanceMass(
  model: ExplainableModel,
  x: tf.Tensor,
  source: AttributionSource,
  options: LocalizationOptions,
): Promise<LocalizationResult> {
  rejectUnknownOptions('relevance-mass', options, Object.keys(MASK_OPTION_NAMES));
  const { relevance, mask } = await maps(model, x, source, options);
  return mean(
    relevance.map((r, e) => {
      let inside = 0;
      let total = 0;
      r.forEach((v, p) => {
        if (v <= 0) return;
        total += v;
        if (mask[e][p]) inside += v;
      });
      return total === 0 ? 0 : inside / total;
    }),
  );
}

/**
 * Relevance rank accuracy (Arras et al. 2022): with K the mask's size, the fraction of the K most relevant
 * positions (ties to the lower index) that lie inside the mask.
 */
export async function relevanceRank(
  model: ExplainableModel,
  x: tf.Tensor,
  source: AttributionSource,
  options: LocalizationOptions,
): Promise<LocalizationResult> {
  rejectUnknownOptions('relevance-rank', options, Object.keys(MASK_OPTION_NAMES));
  const { relevance, mask } = await maps(model, x, source, options);
  return mean(
    relevance.map((r, e) => {
      const k = mask[e].reduce((a, b) => a + b, 0);
      if (k === 0)
        throw new InputShapeError(
          `The mask of example ${e} is empty; relevance rank needs at least one marked position.`,
        );
      const order = Array.from(r.keys()).sort((a, b) => r[b] - r[a] || a - b);
      let hits = 0;
      for (let i = 0; i < k; i++) hits += mask[e][order[i]];
      return hits / k;
    }),
  );
}

/** Gini index of non-negative values (Hurley & Rickard 2009): 0 for uniform, → 1 for one non-zero. */
export function gini(values: ArrayLike<number>): number {
  const a = Float64Array.from(values, Math.abs).sort();
  const total = a.reduce((s, v) => s + v, 0);
  if (total === 0 || a.length === 0) return 0;
  const n = a.length;
  let acc = 0;
  for (let k = 0; k < n; k++) acc += (a[k] / total) * ((n - k - 0.5) / n);
  return 1 - 2 * acc;
}

/**
 * Sparseness (Chalasani et al. 2020, "Concise explanations of neural networks using adversarial
 * training"): the Gini index of |φ| over all elements, per example; higher means more concentrated.
 */
export async function sparseness(
  model: ExplainableModel,
  x: tf.Tensor,
  source: AttributionSource,
  options: LocalizationCallOptions = {},
): Promise<LocalizationResult> {
  rejectUnknownOptions('sparseness', options, Object.keys(SPARSENESS_OPTION_NAMES));
  const input = await normalizeInputAsync(x, model.inputShape);
  const n = input.batched.shape[0];
  let data: Float32Array;
  try {
    data = await attributionData(model, input.batched, source, callOptions(options));
  } finally {
    if (!input.hadBatch) input.batched.dispose();
  }
  const size = data.length / n;
  return mean(Array.from({ length: n }, (_, e) => gini(data.subarray(e * size, (e + 1) * size))));
}
