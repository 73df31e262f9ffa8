import { schemeTableau10 } from 'd3-scale-chromatic';

/** One line of a chart. */
export interface Series {
  name: string;
  xs: readonly number[];
  ys: readonly number[];
}

/** A line chart: axes, ticks, one coloured line per series and a legend. */
export interface Chart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Names for integer x positions (e.g. layer names), drawn instead of numbers. */
  xTickLabels?: string[];
}

const W = 560;
const H = 320;
const M = { left: 56, right: 150, top: 32, bottom: 48 };

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number) =>
  Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();

function extent(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/** Renders a chart as a self-contained SVG document (no scripts, no external fonts). */
export function renderChart(chart: Chart): string {
  const [x0, x1] = extent(chart.series.flatMap((s) => [...s.xs]));
  const [y0, y1] = extent(chart.series.flatMap((s) => [...s.ys]));
  const px = (x: number) => M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2 - M.right / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${esc(chart.title)}</text>`,
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="black"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="black"/>`,
  ];
  for (let k = 0; k <= 4; k++) {
    const xv = x0 + ((x1 - x0) * k) / 4;
    const yv = y0 + ((y1 - y0) * k) / 4;
    const label = chart.xTickLabels ? (chart.xTickLabels[Math.round(xv)] ?? '') : fmt(xv);
    if (!chart.xTickLabels || Number.isInteger(xv)) {
      parts.push(`<text x="${px(xv)}" y="${H - M.bottom + 14}" text-anchor="middle">${esc(label)}</text>`);
    }
    parts.push(`<text x="${M.left - 4}" y="${py(yv) + 4}" text-anchor="end">${fmt(yv)}</text>`);
    parts.push(`<line x1="${M.left}" y1="${py(yv)}" x2="${W - M.right}" y2="${py(yv)}" stroke="#ddd"/>`);
  }
  parts.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">${esc(chart.xLabel)}</text>`,
  );
  parts.push(
    `<text transform="translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(chart.yLabel)}</text>`,
  );
  chart.series.forEach((s, i) => {
    const colour = schemeTableau10[i % schemeTableau10.length];
    const points = s.xs.map((x, k) => `${px(x).toFixed(1)},${py(s.ys[k]).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points}"/>`);
    const ly = M.top + 10 + i * 16;
    parts.push(
      `<line x1="${W - M.right + 10}" y1="${ly}" x2="${W - M.right + 28}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`,
    );
    parts.push(`<text x="${W - M.right + 32}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
