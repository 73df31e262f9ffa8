import type { EvaluationTable } from './evaluate.js';

/** Renders an evaluation table as GitHub Markdown: one row per method, ↑/↓ marking the better direction. */
export function renderMarkdown(table: EvaluationTable, options: { digits?: number } = {}): string {
  const digits = options.digits ?? 3;
  const header = ['method', ...table.metrics.map((m) => `${m.label} ${m.better === 'higher' ? '↑' : '↓'}`)];
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const method of table.methods) {
    const values = table.metrics.map((m) => {
      const cell = table.cells.find((c) => c.method === method && c.metric === m.id);
      return cell && Number.isFinite(cell.value) ? cell.value.toFixed(digits) : '–';
    });
    lines.push(`| ${method} | ${values.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
