import type { EvaluationTable } from './evaluate.js';

/** The failed cells and the cells with warnings, as Markdown list items (empty when there are none). */
function notes(table: EvaluationTable): string[] {
  const out: string[] = [];
  for (const c of table.cells) {
    const where = `${c.method} × ${c.metric}`;
    if (c.error) out.push(`- **failed** ${where}: ${c.error.name}: ${c.error.message}`);
    for (const w of c.warnings ?? []) out.push(`- warning ${where}: ${w}`);
  }
  return out;
}

/**
 * Renders an evaluation table as GitHub Markdown: one row per method, ↑/↓ marking the better direction;
 * failed cells read `failed`, and a list under the table says why (and repeats any warnings).
 */
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
      return typeof found?.value === 'number' && Number.isFinite(found.value)
        ? found.value.toFixed(digits)
        : found?.error
          ? 'failed'
          : '–';
    });
    lines.push(`| ${cell(method)} | ${values.join(' | ')} |`);
  }
  const listed = notes(table);
  if (listed.length) lines.push('', ...listed);
  return `${lines.join('\n')}\n`;
}
