import type { EvaluationTable } from '@loupe/eval';
import type { Chart, Series } from './svg-chart.js';

interface CurveLike {
  fractions: number[];
  scores: number[];
}

const isCurve = (v: unknown): v is CurveLike =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as CurveLike).fractions) &&
  Array.isArray((v as CurveLike).scores);

interface StepLike {
  layer: string;
  spearmanAbs: number;
}

const isSteps = (v: unknown): v is { steps: StepLike[] } =>
  typeof v === 'object' && v !== null && Array.isArray((v as { steps?: unknown }).steps);

/**
 * The charts a report draws from an evaluation table: the mean perturbation curve of each curve metric
 * (deletion, insertion; pixel flipping's MoRF and LeRF), and |Spearman| after each randomized layer for
 * sanity checks, one line per method. Keyed by metric id.
 */
export function chartsOf(table: EvaluationTable): { metric: string; chart: Chart }[] {
  const out: { metric: string; chart: Chart }[] = [];
  for (const metric of table.metrics) {
    const cells = table.methods.map((m) => table.cells.find((c) => c.method === m && c.metric === metric.id));
    const series: Series[] = [];
    let xLabel = 'fraction of features perturbed';
    let yLabel = 'target score';
    let xTickLabels: string[] | undefined;
    cells.forEach((cell, i) => {
      const d = cell?.details;
      const name = table.methods[i];
      if (isCurve(d)) series.push({ name, xs: d.fractions, ys: d.scores });
      else if (
        d &&
        typeof d === 'object' &&
        isCurve((d as { morf?: unknown }).morf) &&
        isCurve((d as { lerf?: unknown }).lerf)
      ) {
        const { morf, lerf } = d as { morf: CurveLike; lerf: CurveLike };
        series.push(
          { name: `${name} MoRF`, xs: morf.fractions, ys: morf.scores },
          { name: `${name} LeRF`, xs: lerf.fractions, ys: lerf.scores },
        );
      } else if (isSteps(d) && d.steps.length > 0) {
        xLabel = 'layers randomized, top down';
        yLabel = '|Spearman| with the original map';
        xTickLabels = d.steps.map((s) => s.layer);
        series.push({ name, xs: d.steps.map((_, k) => k), ys: d.steps.map((s) => s.spearmanAbs) });
      }
    });
    if (series.length > 0)
      out.push({ metric: metric.id, chart: { title: metric.label, xLabel, yLabel, series, xTickLabels } });
  }
  return out;
}
