import type { EvaluationTable } from './evaluate.js';

/** Renders an evaluation table as GitHub Markdown: one row per method, ↑/↓ marking the better direction. */
export function renderMarkdown(table: EvaluationTable, options: { digits?: number } = {}): string {
  const digits = options.digits ?? 3;
  // Labels such as "Model randomization (|Spearman|)" hold pipes, which would split cells.
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const header = [
    'method',
    ...table.metrics.map((m) => `${cell(m.label)} ${m.better === 'higher' ? '↑' : '↓'}`),
  ];
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const method of table.methods) {
    const values = table.metrics.map((m) => {
      const found = table.cells.find((c) => c.method === method && c.metric === m.id);
      return found && Number.isFinite(found.value) ? found.value.toFixed(digits) : '–';
    });
    lines.push(`| ${cell(method)} | ${values.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
