import { schemeTableau10 } from 'd3-scale-chromatic';
import { css, html, LitElement, nothing, svg } from 'lit';
import { type CurveSeries, polylinePoints, scoreDomain, seriesAuc } from './curve-math.js';
import { emit } from './events.js';
import { formatValue } from './heatmap-values.js';
import { themeStyles } from './theme.js';

const BOX = { left: 40, top: 10, width: 270, height: 150 };
const DASH: Record<string, string> = { deletion: '', morf: '', insertion: '6 3', lerf: '6 3' };

/**
 * `<loupe-curve>`: deletion/insertion (MoRF/LeRF) curves of several methods overlaid, with each area under
 * the curve, legend toggles, and a data table as an accessible alternative. Drawn as plain SVG: a few
 * polylines and axes need no charting library, which keeps the package inside its size budget.
 *
 * @fires loupe-curve-toggle - `{ label, visible }` when a legend entry is toggled.
 * @csspart plot - the SVG chart.
 * @csspart legend - the legend buttons.
 * @csspart table - the data table.
 *
 * @tag loupe-curve
 */
export class LoupeCurve extends LitElement {
  static override properties = {
    curves: { attribute: false },
    heading: { type: String },
    xLabel: { type: String, attribute: 'x-label' },
    yLabel: { type: String, attribute: 'y-label' },
    showTable: { type: Boolean, attribute: 'show-table' },
    hidden_: { state: true },
  };

  static override styles = [
    themeStyles,
    css`
      :host { display: block; max-width: var(--loupe-curve-width, 480px); }
      svg { width: 100%; height: auto; overflow: visible; }
      .axis { stroke: var(--_muted); stroke-width: 1; }
      text { fill: var(--_muted); font-size: 10px; }
      polyline { fill: none; stroke-width: 2; }
      .legend { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0; }
      .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
      table { border-collapse: collapse; font-size: 0.85em; font-variant-numeric: tabular-nums; }
      th, td { border: 1px solid var(--_border); padding: 2px 6px; text-align: right; }
    `,
  ];

  /** The series to draw. */
  declare curves: CurveSeries[];
  /** Chart title (also the table caption). */
  declare heading: string;
  /** X axis label. Default "fraction of features perturbed". */
  declare xLabel: string;
  /** Y axis label. Default "score". */
  declare yLabel: string;
  /** Whether the data table is open. Default false. */
  declare showTable: boolean;
  private declare hidden_: Set<string>;

  constructor() {
    super();
    this.curves = [];
    this.heading = 'Perturbation curves';
    this.xLabel = 'fraction of features perturbed';
    this.yLabel = 'score';
    this.showTable = false;
    this.hidden_ = new Set();
  }

  private colour(index: number): string {
    return schemeTableau10[index % schemeTableau10.length];
  }

  private toggle(label: string): void {
    const next = new Set(this.hidden_);
    const visible = next.has(label);
    if (visible) next.delete(label);
    else next.add(label);
    this.hidden_ = next;
    emit(this, 'loupe-curve-toggle', { label, visible });
  }

  protected override render() {
    const visible = this.curves.filter((c) => !this.hidden_.has(c.label));
    const domain = scoreDomain(visible);
    const summary = this.curves.map(
      (c) => `${c.label}${c.kind ? ` (${c.kind})` : ''} AUC ${formatValue(seriesAuc(c))}`,
    );
    return html`
      <svg part="plot" viewBox="0 0 320 190" role="img" aria-label="${this.heading}: ${summary.join('; ')}">
        <line class="axis" x1=${BOX.left} y1=${BOX.top + BOX.height} x2=${BOX.left + BOX.width} y2=${BOX.top + BOX.height}></line>
        <line class="axis" x1=${BOX.left} y1=${BOX.top} x2=${BOX.left} y2=${BOX.top + BOX.height}></line>
        ${[0, 0.5, 1].map(
          (f) =>
            svg`<text x=${BOX.left + f * BOX.width} y=${BOX.top + BOX.height + 12} text-anchor="middle">${f}</text>`,
        )}
        ${[domain[0], domain[1]].map(
          (v, i) =>
            svg`<text x=${BOX.left - 4} y=${i === 0 ? BOX.top + BOX.height : BOX.top + 8} text-anchor="end">${formatValue(v)}</text>`,
        )}
        <text x=${BOX.left + BOX.width / 2} y=${BOX.top + BOX.height + 26} text-anchor="middle">${this.xLabel}</text>
        <text x="10" y=${BOX.top + BOX.height / 2} text-anchor="middle" transform="rotate(-90 10 ${BOX.top + BOX.height / 2})">${this.yLabel}</text>
        ${this.curves.map((c, i) =>
          this.hidden_.has(c.label)
            ? nothing
            : svg`<polyline data-label=${c.label} stroke=${this.colour(i)} stroke-dasharray=${DASH[c.kind ?? 'deletion']}
                points=${polylinePoints(c, BOX, domain)}></polyline>`,
        )}
      </svg>
      <div class="legend" part="legend">
        ${this.curves.map(
          (c, i) => html`<button type="button" aria-pressed=${this.hidden_.has(c.label) ? 'false' : 'true'}
            @click=${() => this.toggle(c.label)}><span class="swatch" style="background:${this.colour(i)}"></span>${c.label}${
              c.kind ? ` · ${c.kind}` : ''
            } · AUC ${formatValue(seriesAuc(c))}</button>`,
        )}
        <button type="button" aria-expanded=${this.showTable ? 'true' : 'false'} @click=${() => {
          this.showTable = !this.showTable;
        }}>${this.showTable ? 'Hide' : 'Show'} data table</button>
      </div>
      ${this.showTable ? this.table() : nothing}`;
  }

  private table() {
    const fractions = this.curves[0]?.fractions ?? [];
    return html`<table part="table">
      <caption>${this.heading}</caption>
      <thead><tr><th scope="col">${this.xLabel}</th>${this.curves.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
      <tbody>${fractions.map(
        (f, k) =>
          html`<tr><th scope="row">${formatValue(f)}</th>${this.curves.map(
            (c) => html`<td>${c.scores[k] === undefined ? '' : formatValue(c.scores[k])}</td>`,
          )}</tr>`,
      )}
      <tr><th scope="row">AUC</th>${this.curves.map((c) => html`<td>${formatValue(seriesAuc(c))}</td>`)}</tr></tbody>
    </table>`;
  }
}
