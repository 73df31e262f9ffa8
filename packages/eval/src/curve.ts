import { OptionError } from '@loupe/core';

/** A perturbation curve: the explained score at each fraction of features removed or inserted. */
export interface Curve {
  /** Fractions of features perturbed, from 0 to 1 inclusive, increasing. */
  fractions: number[];
  /** The score at each fraction (probability or logit, as the metric's `score` option says). */
  scores: number[];
  /** Area under the curve over [0, 1] by the trapezoid rule. */
  auc: number;
}

/** Curves for a batch: the mean curve plus one curve per example. */
export interface CurveSet extends Curve {
  perExample: Curve[];
  /** What the scores are: the target's softmax probability or its pre-softmax (raw) score. */
  score?: 'probability' | 'logit';
  /** Caveats about the numbers, e.g. a raw score tracked because the model gives no probability. */
  warnings?: string[];
}

/** Area under `scores` over `fractions` by the trapezoid rule. */
export function trapezoid(fractions: readonly number[], scores: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < fractions.length; i++)
    area += ((fractions[i] - fractions[i - 1]) * (scores[i] + scores[i - 1])) / 2;
  return area;
}

/** Builds a curve and its AUC. */
export function makeCurve(fractions: readonly number[], scores: readonly number[]): Curve {
  return { fractions: [...fractions], scores: [...scores], auc: trapezoid(fractions, scores) };
}

/** The pointwise mean of curves that share one fraction axis, with their AUCs averaged. */
export function meanCurve(curves: readonly Curve[]): CurveSet {
  const fractions = curves[0].fractions;
  const scores = fractions.map((_, k) => curves.reduce((s, c) => s + c.scores[k], 0) / curves.length);
  return { fractions: [...fractions], scores, auc: trapezoid(fractions, scores), perExample: [...curves] };
}

/** Most steps a curve may have (the plugins' schema maximum): 10,000 steps is finer than any image needs. */
export const MAX_CURVE_STEPS = 10_000;

/**
 * The fraction axis: `steps + 1` points k/steps, or multiples of `fractionPerStep` capped at 1 (always
 * ending at exactly 1). Throws `OptionError` unless `steps` is a whole number in [1, 10,000] and
 * `fractionPerStep` a number in [1/10,000, 1].
 */
export function fractionAxis(steps: number | undefined, fractionPerStep: number | undefined): number[] {
  if (fractionPerStep !== undefined) {
    if (
      typeof fractionPerStep !== 'number' ||
      !(fractionPerStep >= 1 / MAX_CURVE_STEPS && fractionPerStep <= 1)
    )
      throw new OptionError(
        `fractionPerStep must be a number in [${1 / MAX_CURVE_STEPS}, 1] (e.g. 0.05 for 20 steps); got ${String(fractionPerStep)}.`,
      );
    const out = [0];
    for (let k = 1; out[out.length - 1] < 1; k++)
      out.push(Math.min(1, Number((k * fractionPerStep).toFixed(12))));
    return out;
  }
  const n = steps ?? 100;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_CURVE_STEPS)
    throw new OptionError(
      `steps must be a whole number from 1 to ${MAX_CURVE_STEPS} (the curve has steps + 1 points); got ${String(n)}.`,
    );
  return Array.from({ length: n + 1 }, (_, k) => k / n);
}
