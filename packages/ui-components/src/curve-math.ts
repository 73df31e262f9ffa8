/** Which perturbation curve a series is (Samek et al. 2017's MoRF/LeRF; Petsiuk et al. 2018's deletion/insertion). */
export type CurveKind = 'deletion' | 'insertion' | 'morf' | 'lerf';

/**
 * One curve to draw: the model's score at each fraction of features perturbed. Structurally compatible
 * with `@loupe/eval`'s `Curve` plus a label, without importing it.
 */
export interface CurveSeries {
  label: string;
  kind?: CurveKind;
  /** Fractions perturbed, increasing, in [0, 1]. */
  fractions: readonly number[];
  /** Score at each fraction. */
  scores: readonly number[];
  /** Area under the curve; computed by the trapezoid rule when absent. */
  auc?: number;
}

/** Area under `scores` over `fractions` by the trapezoid rule. */
export function trapezoidArea(fractions: readonly number[], scores: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < Math.min(fractions.length, scores.length); i++) {
    area += ((fractions[i] - fractions[i - 1]) * (scores[i] + scores[i - 1])) / 2;
  }
  return area;
}

/** The AUC of a series: the given one, else the trapezoid area. */
export function seriesAuc(series: CurveSeries): number {
  return series.auc ?? trapezoidArea(series.fractions, series.scores);
}

/** The y range of all visible series, padded to include 0 and never empty. */
export function scoreDomain(series: readonly CurveSeries[]): [number, number] {
  let low = 0;
  let high = 0;
  for (const s of series) {
    for (const v of s.scores) {
      if (!Number.isFinite(v)) continue;
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  if (high === low) high = low + 1;
  return [low, high];
}

/** SVG `points` of a polyline mapping fraction → x and score → y inside a box. */
export function polylinePoints(
  series: CurveSeries,
  box: { left: number; top: number; width: number; height: number },
  domain: [number, number],
): string {
  const [low, high] = domain;
  const points: string[] = [];
  for (let i = 0; i < Math.min(series.fractions.length, series.scores.length); i++) {
    const x = box.left + series.fractions[i] * box.width;
    const y = box.top + (1 - (series.scores[i] - low) / (high - low)) * box.height;
    points.push(`${x.toFixed(2)},${y.toFixed(2)}`);
  }
  return points.join(' ');
}
