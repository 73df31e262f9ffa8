import type { EvaluationTable } from '@loupe/eval';

/** Everything a report states besides the table: what was evaluated, how, and how to reproduce it. */
export interface ReportInfo {
  table: EvaluationTable;
  model: string;
  data: string;
  target: number | 'predicted';
  /** The command line that reproduces the report. */
  command: string;
}

/** The lines of the "setup" paragraph, shared by the Markdown and HTML reports. */
export function setupLines(info: ReportInfo): string[] {
  const { table } = info;
  return [
    `Model: ${info.model}`,
    `Data: ${info.data} (${table.examples} examples)`,
    `Target: ${info.target}`,
    `Backend: ${table.backend}; seed: ${table.seed}`,
    `Reproduce: ${info.command}`,
  ];
}

/** Metric descriptions: id, label, which direction is better, and the paper it follows. */
export function metricLines(table: EvaluationTable): string[] {
  return table.metrics.map((m) => `${m.label} (\`${m.id}\`, ${m.better} is better): ${m.reference}`);
}
