import { chartsOf } from './charts.js';
import { metricLines, type ReportInfo, setupLines } from './report-info.js';
import { renderChart } from './svg-chart.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function table(info: ReportInfo): string {
  const t = info.table;
  const head = ['method', ...t.metrics.map((m) => `${m.label} ${m.better === 'higher' ? '↑' : '↓'}`)];
  const rows = t.methods.map((method) => {
    const cells = t.metrics.map((m) => {
      const cell = t.cells.find((c) => c.method === method && c.metric === m.id);
      const value = cell?.value;
      const text =
        typeof value === 'number' && Number.isFinite(value) ? value.toFixed(4) : cell?.error ? 'failed' : '–';
      return `<td class="num">${text}</td>`;
    });
    return `<tr><th>${esc(method)}</th>${cells.join('')}</tr>`;
  });
  return `<table>\n<tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>\n${rows.join('\n')}\n</table>`;
}

/** The failed cells and the warnings, as a list (empty when there are none). */
function notes(info: ReportInfo): string {
  const items: string[] = [];
  for (const c of info.table.cells) {
    const where = `${esc(c.method)} × ${esc(c.metric)}`;
    if (c.error)
      items.push(`<li><strong>failed</strong> ${where}: ${esc(`${c.error.name}: ${c.error.message}`)}</li>`);
    for (const w of c.warnings ?? []) items.push(`<li>warning ${where}: ${esc(w)}</li>`);
  }
  return items.length ? `<ul class="notes">\n${items.join('\n')}\n</ul>` : '';
}

/** Renders an evaluation as one self-contained HTML page: setup, table, metric references, inline SVG charts. */
export function htmlReport(info: ReportInfo): string {
  const charts = chartsOf(info.table)
    .map(({ chart }) => renderChart(chart))
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Loupe evaluation report</title>
<style>
body { font-family: sans-serif; max-width: 960px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 4px 10px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
svg { margin: 0.5em 0; }
</style>
</head>
<body>
<h1>Loupe evaluation report</h1>
<ul>
${setupLines(info)
  .map((l) => `<li>${esc(l)}</li>`)
  .join('\n')}
</ul>
<h2>Results</h2>
${table(info)}
${notes(info)}
<h2>Metrics</h2>
<ul>
${metricLines(info.table)
  .map((l) => `<li>${esc(l).replace(/`([^`]+)`/g, '<code>$1</code>')}</li>`)
  .join('\n')}
</ul>
${charts ? `<h2>Curves</h2>\n${charts}` : ''}
</body>
</html>
`;
}
