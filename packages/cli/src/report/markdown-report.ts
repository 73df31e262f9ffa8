import { renderMarkdown } from '@loupe/eval';
import { chartsOf } from './charts.js';
import { metricLines, type ReportInfo, setupLines } from './report-info.js';
import { renderChart } from './svg-chart.js';

/** A Markdown report and the SVG chart files it links to (file name → SVG text). */
export interface MarkdownReport {
  markdown: string;
  charts: Map<string, string>;
}

/**
 * Renders an evaluation as GitHub Markdown: setup, the methods × metrics table (eval's renderMarkdown),
 * metric references, and one SVG chart per curve metric, written beside the report as `<stem>-<metric>.svg`.
 */
export function markdownReport(info: ReportInfo, stem: string): MarkdownReport {
  const charts = new Map<string, string>();
  const lines = [
    '# Loupe evaluation report',
    '',
    ...setupLines(info).map((l) => `- ${l}`),
    '',
    '## Results',
    '',
  ];
  lines.push(renderMarkdown(info.table, { digits: 4 }));
  lines.push('## Metrics', '', ...metricLines(info.table).map((l) => `- ${l}`), '');
  const drawn = chartsOf(info.table);
  if (drawn.length > 0) lines.push('## Curves', '');
  for (const { metric, chart } of drawn) {
    const file = `${stem}-${metric}.svg`;
    charts.set(file, renderChart(chart));
    lines.push(`![${chart.title}](${file})`, '');
  }
  return { markdown: `${lines.join('\n').trimEnd()}\n`, charts };
}
