import { h } from '../ui/dom.js';

// The ground-truth benchmark is too slow to run in a page (every method on 50 scenes), so the table
// @loupe/eval's `report:ground-truth` script writes is bundled at build time. The glob import leaves the
// bundle without it (and the panel says so) when the report has not been generated.
const reports = import.meta.glob('../../../../packages/eval/docs/ground-truth.md', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** The report's Markdown text, when it was generated. */
export function groundTruthReport(): string | undefined {
  return Object.values(reports)[0];
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

/** Renders the report's first Markdown table as an HTML table, and its prose as paragraphs. */
export function createBenchmarkTable(): HTMLElement {
  const text = groundTruthReport();
  const section = h(
    'section',
    { class: 'benchmark', 'aria-label': 'Ground-truth benchmark' },
    h('h3', {}, 'Ground-truth benchmark (precomputed)'),
  );
  if (text === undefined) {
    section.append(
      h(
        'p',
        { class: 'muted' },
        'The benchmark report (packages/eval/docs/ground-truth.md) was not generated when this app was built; run pnpm --filter @loupe/eval report:ground-truth and rebuild.',
      ),
    );
    return section;
  }
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim().startsWith('|'));
  const prose = lines.slice(0, Math.max(0, start)).filter((l) => l.trim() && !l.startsWith('#'));
  section.append(h('p', { class: 'muted' }, prose.join(' ').replace(/`/g, '')));
  if (start < 0) return section;
  let end = start;
  while (end < lines.length && lines[end].trim().startsWith('|')) end++;
  const [header, , ...rows] = lines.slice(start, end).map(cells);
  // Wider than a phone: the table scrolls in its own box (focusable, so the keyboard can scroll it too).
  const scroller = h('div', {
    class: 'table-scroll',
    tabindex: 0,
    role: 'region',
    'aria-label': 'Benchmark table',
  });
  section.append(scroller);
  scroller.append(
    h(
      'table',
      { class: 'benchmark-table' },
      h('thead', {}, h('tr', {}, ...header.map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h('tr', {}, ...r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))),
        ),
      ),
    ),
  );
  const notes = lines.slice(end).filter((l) => l.trim());
  if (notes.length > 0) section.append(h('p', { class: 'muted' }, notes.join(' ').replace(/`/g, '')));
  return section;
}
