import {
  assertWithinMemory,
  checkCount,
  type ExplainableModel,
  FLOAT32_BYTES,
  MAX_BATCH_SIZE,
  type OptionNames,
  type PoolControl,
  type ResolvedTarget,
  type RunControl,
  rejectUnknownOptions,
  type Target,
  throwIfAborted,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { type AttributionSource, attributionData, fixedTarget } from '../attribution-source.js';
import { type CurveSet, fractionAxis, meanCurve } from '../curve.js';
import {
  checkRankMode,
  featureGrid,
  featureScores,
  type RankMode,
  rankFeatures,
  rankPositions,
} from '../features.js';
import { type Fill, fillValues } from '../fill.js';
import { METRIC_COMMON_OPTION_NAMES } from '../option-names.js';
import { traceCurve } from '../perturbation-curve.js';
import { type ResolvedScore, resolveScore, type ScoreKind } from '../scoring.js';

/** Options of the perturbation curves (pixel flipping, deletion, insertion). */
export interface PerturbationOptions extends RunControl, PoolControl {
  /** What to explain and score (default `'predicted'`, fixed on the unperturbed input). */
  target?: Target;
  /** Number of steps; the curve has `steps + 1` points (default 100). */
  steps?: number;
  /** Alternative to `steps`: fraction of features perturbed per step (e.g. 0.05). */
  fractionPerStep?: number;
  /** Replacement for removed features (defaults: pixel flipping `'mean'`, deletion `'zero'`, insertion `'blur'`). */
  fill?: Fill;
  /** Gaussian σ (pixels) of the `'blur'` fill (default 5). */
  blurSigma?: number;
  /** Side of square feature patches in pixels (default 1: single pixels). */
  patch?: number;
  /** Rank by signed relevance, most positive first (default), or by magnitude. */
  rank?: RankMode;
  /**
   * Track the target's probability or its logit. Default `'auto'`: the probability, or for a model whose
   * output view is `'raw'` the raw score with a warning in the result (`'probability'` there is an
   * `OptionError`: declare `output: 'logits'` in `wrapModel`).
   */
  score?: ScoreKind;
  /** Perturbed copies per forward pass (default 128). */
  batchSize?: number;
  /** Seed of the `'uniform'` fill and of sampling methods (default 0). */
  seed?: number;
  /** Options for the method when `source` is a method id or function. */
  methodOptions?: Record<string, unknown>;
}

const PERTURBATION_OPTION_NAMES: OptionNames<PerturbationOptions> = {
  ...METRIC_COMMON_OPTION_NAMES,
  steps: true,
  fractionPerStep: true,
  fill: true,
  blurSigma: true,
  patch: true,
  rank: true,
  score: true,
  batchSize: true,
  pool: true,
};

interface Prepared {
  xb: tf.Tensor;
  fill: tf.Tensor;
  rankings: Int32Array[];
  target: ResolvedTarget;
  grid: ReturnType<typeof featureGrid>;
  fractions: number[];
  score: ResolvedScore;
  batchSize: number;
  dispose(): void;
}

async function prepare(
  model: ExplainableModel,
  x: tf.Tensor,
  source: AttributionSource,
  options: PerturbationOptions,
  defaults: { fill: Fill },
  id: string,
): Promise<Prepared> {
  rejectUnknownOptions(id, options, Object.keys(PERTURBATION_OPTION_NAMES));
  const rank = checkRankMode(options.rank);
  const score = resolveScore(model, options.score);
  const batchSize = checkCount(options.batchSize ?? 128, 'batchSize', MAX_BATCH_SIZE);
  const fractions = fractionAxis(options.steps, options.fractionPerStep);
  const { input, target } = await model.prepare(x, options.target);
  const xb = input.batched;
  // The batch dimension added for a single example is ours; the caller's tensor is not.
  const owned: tf.Tensor[] = input.hadBatch ? [] : [xb];
  try {
    const grid = featureGrid(xb.shape.slice(1), options.patch ?? 1);
    // A batch holds the mask, the perturbed copies and their blend, float32.
    assertWithinMemory({
      bytes: 3 * FLOAT32_BYTES * batchSize * grid.size,
      what: `A batch of ${batchSize} perturbed copies of a [${xb.shape.slice(1).join(', ')}] example`,
      fix: 'Lower batchSize (the curve does not depend on it).',
    });
    const data = await attributionData(model, xb, source, {
      target: fixedTarget(target, options.target),
      seed: options.seed,
      signal: options.signal,
      methodOptions: options.methodOptions,
    });
    const rankings = Array.from({ length: xb.shape[0] }, (_, n) =>
      rankFeatures(featureScores(data, grid, n * grid.size), rank),
    );
    const fill = await fillValues(model, xb, options.fill ?? defaults.fill, {
      blurSigma: options.blurSigma,
      seed: options.seed,
    });
    owned.push(fill);
    return {
      xb,
      fill,
      rankings,
      target,
      grid,
      fractions,
      score,
      batchSize,
      dispose: () => tf.dispose(owned),
    };
  } catch (err) {
    tf.dispose(owned);
    throw err;
  }
}

async function curves(
  model: ExplainableModel,
  p: Prepared,
  direction: 'remove' | 'insert',
  reverse: boolean,
  control: RunControl & PoolControl & { phase: string },
): Promise<CurveSet> {
  const out = [];
  const n = p.xb.shape[0];
  for (let i = 0; i < n; i++) {
    throwIfAborted(control.signal);
    const order = reverse ? p.rankings[i].slice().reverse() : p.rankings[i];
    const [x, fill] = tf.tidy(() => [tf.slice(p.xb, i, 1), tf.slice(p.fill, i, 1)]);
    try {
      out.push(
        await traceCurve(
          model,
          p.target,
          { x, fill, positions: rankPositions(order), index: i },
          {
            grid: p.grid,
            fractions: p.fractions,
            direction,
            score: p.score.kind,
            batchSize: p.batchSize,
            signal: control.signal,
            pool: control.pool,
          },
        ),
      );
    } finally {
      tf.dispose([x, fill]);
    }
    control.onProgress?.({ done: i + 1, total: n, phase: control.phase });
  }
  const set: CurveSet = { ...meanCurve(out), score: p.score.kind };
  if (p.score.warning) set.warnings = [p.score.warning];
  return set;
}

/** Pixel-flipping result: both curves and the area between them. */
export interface PixelFlippingResult {
  /** Most relevant first removed (should fall fast for a faithful map). */
  morf: CurveSet;
  /** Least relevant first removed (should stay high). */
  lerf: CurveSet;
  /** Area between the perturbation curves: AUC(LeRF) − AUC(MoRF); higher is better. */
  abpc: number;
  /** Caveats about the numbers (see {@link CurveSet.warnings}). */
  warnings?: string[];
}

/**
 * Pixel flipping (Samek et al. 2017, "Evaluating the visualization of what a deep neural network has
 * learned"): features are replaced by `fill` most-relevant-first (MoRF) and least-relevant-first (LeRF);
 * a faithful attribution makes MoRF fall fast and LeRF slowly. Reports both curves and ABPC.
 */
export async function pixelFlipping(
  model: ExplainableModel,
  x: tf.Tensor,
  source: AttributionSource,
  options: PerturbationOptions = {},
): Promise<PixelFlippingResult> {
  const p = await prepare(model, x, source, options, { fill: 'mean' }, 'pixel-flipping');
  try {
    const morf = await curves(model, p, 'remove', false, { ...options, phase: 'pixel-flipping MoRF' });
    const lerf = await curves(model, p, 'remove', true, { ...options, phase: 'pixel-flipping LeRF' });
    const result: PixelFlippingResult = { morf, lerf, abpc: lerf.auc - morf.auc };
    if (morf.warnings) result.warnings = morf.warnings;
    return result;
  } finally {
    p.dispose();
  }
}

/**
 * Deletion (Petsiuk et al. 2018, "RISE: Randomized input sampling for explanation of black-box
 * models"): the target's probability as the most relevant pixels are set to `fill` (default zero);
 * lower AUC is better.
 */
export async function deletion(
  model: ExplainableModel,
  x: tf.Tensor,
  source: AttributionSource,
  options: PerturbationOptions = {},
): Promise<CurveSet> {
  const p = await prepare(model, x, source, options, { fill: 'zero' }, 'deletion');
  try {
    return await curves(model, p, 'remove', false, { ...options, phase: 'deletion' });
  } finally {
    p.dispose();
  }
}

/**
 * Insertion (Petsiuk et al. 2018): the target's probability as the most relevant pixels are copied from
 * the image into a blurred version of it (`fill`, default `'blur'`); higher AUC is better.
 */
export async function insertion(
  model: ExplainableModel,
  x: tf.Tensor,
  source: AttributionSource,
  options: PerturbationOptions = {},
): Promise<CurveSet> {
  const p = await prepare(model, x, source, options, { fill: 'blur' }, 'insertion');
  try {
    return await curves(model, p, 'insert', false, { ...options, phase: 'insertion' });
  } finally {
    p.dispose();
  }
}
