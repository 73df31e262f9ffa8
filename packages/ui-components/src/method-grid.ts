import { css, html, LitElement, type PropertyValues } from 'lit';
import type { ColormapName } from './colormaps.js';
import { defineElement } from './define-element.js';
import { emit } from './events.js';
import { LoupeHeatmap } from './heatmap.js';
import {
  applySign,
  type ChannelReduction,
  clipValue,
  type HeatmapSign,
  reduceChannels,
} from './heatmap-math.js';
import type { HeatmapMode } from './heatmap-render.js';
import { formatValue, type HeatmapValues, readHeatmapValues } from './heatmap-values.js';
import { type ImageSource, isTensor, toRgba } from './image-source.js';
import { themeStyles } from './theme.js';

/** One cell of a method grid: a method's attribution with how long it took and where it ran. */
export interface MethodCell {
  /** Explainer id, e.g. `'saliency'`. */
  method: string;
  /** Heading; defaults to the id. */
  label?: string;
  attribution: HeatmapValues & { readonly meta?: { millis?: number; backend?: string } };
  /** Wall time in milliseconds; defaults to `attribution.meta.millis`. */
  millis?: number;
  /** Backend name; defaults to `attribution.meta.backend`. */
  backend?: string;
}

/** `shared`: one colour scale for every cell (comparable magnitudes); `per-cell`: each cell saturates on its own. */
export type GridScale = 'shared' | 'per-cell';

/**
 * `<loupe-method-grid>`: several methods' attributions for one input side by side, each with its timing
 * and backend, on one shared colour scale or one per cell.
 *
 * @fires loupe-scale-change - `{ scale }` when the user switches the scale.
 * @fires loupe-select - `{ method }` when a cell's heading is activated (click, Enter, Space).
 * @csspart grid - the grid of cells.
 * @csspart cell - one cell.
 * @csspart scale - the scale switch.
 *
 * @tag loupe-method-grid
 */
export class LoupeMethodGrid extends LitElement {
  static override properties = {
    cells: { attribute: false },
    image: { attribute: false },
    scale: { type: String, reflect: true },
    mode: { type: String },
    sign: { type: String },
    reduction: { type: String },
    percentile: { type: Number },
    colormap: { type: String },
    sharedClip: { state: true },
    rgba: { state: true },
  };

  static override styles = [
    themeStyles,
    css`
      :host { display: block; }
      fieldset { border: none; display: flex; gap: 12px; padding: 0; margin: 0 0 var(--_gap); }
      .grid { display: grid; gap: var(--_gap); grid-template-columns: repeat(auto-fill, minmax(var(--loupe-cell-size, 160px), 1fr)); }
      .cell { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 6px; display: grid; gap: 4px; }
      .cell button { text-align: left; border: none; padding: 0; font-weight: 600; background: none; }
      loupe-heatmap { width: 100%; }
      .meta { font-size: 0.8em; }
    `,
  ];

  /** The cells, in display order. */
  declare cells: MethodCell[];
  /** The explained image, shared by every cell. */
  declare image: ImageSource | undefined;
  /** Colour scale policy. Default `shared`. */
  declare scale: GridScale;
  /** Heatmap mode of every cell. Default `blended`. */
  declare mode: HeatmapMode;
  /** Sign of every cell. Default `all`. */
  declare sign: HeatmapSign;
  /** Channel reduction of every cell. Default `sum`. */
  declare reduction: ChannelReduction;
  /** Saturation percentile (per cell, or over all cells when shared). Default 99. */
  declare percentile: number;
  /** Colormap of every cell (default: by sign). */
  declare colormap: ColormapName | undefined;
  private declare sharedClip: number | undefined;
  /** `image` as RGBA bytes, read back once for every cell (a tensor would be read back per cell). */
  private declare rgba: ImageSource | undefined;
  private clipToken = 0;
  private imageToken = 0;

  constructor() {
    super();
    this.cells = [];
    this.scale = 'shared';
    this.mode = 'blended';
    this.sign = 'all';
    this.reduction = 'sum';
    this.percentile = 99;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    defineElement('loupe-heatmap', LoupeHeatmap);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('image')) void this.convertImage();
  }

  /** Reads a tensor image back once; a newer image wins over a slower older read. */
  private async convertImage(): Promise<void> {
    const token = ++this.imageToken;
    const image = this.image;
    if (image === undefined || !isTensor(image)) {
      this.rgba = image;
      return;
    }
    // Cells show the map alone until the read lands, rather than the previous image under new maps.
    this.rgba = undefined;
    // A failed read hands the tensor itself to the cells, which report it as they did before.
    const rgba = await toRgba(image).catch(() => image);
    if (token === this.imageToken) this.rgba = rgba;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const inputs = ['cells', 'scale', 'sign', 'reduction', 'percentile'] as const;
    if (inputs.some((key) => changed.has(key))) void this.computeSharedClip();
  }

  /** The percentile of |values| over every cell together, so equal colours mean equal attribution. */
  private async computeSharedClip(): Promise<void> {
    const token = ++this.clipToken;
    if (this.scale !== 'shared' || this.cells.length === 0) {
      this.sharedClip = undefined;
      return;
    }
    const maps = await Promise.all(
      this.cells.map(async (cell) => {
        const { values, shape } = await readHeatmapValues(cell.attribution);
        return applySign(reduceChannels(values, shape, this.reduction).values, this.sign);
      }),
    );
    if (token !== this.clipToken) return;
    const all = new Float32Array(maps.reduce((n, m) => n + m.length, 0));
    let offset = 0;
    for (const m of maps) {
      all.set(m, offset);
      offset += m.length;
    }
    this.sharedClip = clipValue(all, this.percentile);
  }

  private setScale(scale: GridScale): void {
    if (scale === this.scale) return;
    this.scale = scale;
    emit(this, 'loupe-scale-change', { scale });
  }

  protected override render() {
    const range = this.scale === 'shared' ? this.sharedClip : undefined;
    return html`
      <fieldset part="scale">
        <legend class="visually-hidden">Colour scale</legend>
        ${(['shared', 'per-cell'] as const).map(
          (s) => html`<label><input type="radio" name="scale" value=${s} .checked=${this.scale === s}
            @change=${() => this.setScale(s)} />${s === 'shared' ? 'One scale for all' : 'Scale per method'}</label>`,
        )}
        ${range !== undefined ? html`<span class="muted">scale ±${formatValue(range)}</span>` : null}
      </fieldset>
      <div class="grid" part="grid" role="list">
        ${this.cells.map((cell) => {
          const meta = cell.attribution.meta;
          const millis = cell.millis ?? meta?.millis;
          const backend = cell.backend ?? meta?.backend;
          const label = cell.label ?? cell.method;
          return html`<div class="cell" part="cell" role="listitem" data-method=${cell.method}>
            <button @click=${() => emit(this, 'loupe-select', { method: cell.method })}>${label}</button>
            <loupe-heatmap .attribution=${cell.attribution} .image=${this.rgba} .mode=${this.mode}
              .sign=${this.sign} .reduction=${this.reduction} .percentile=${this.percentile}
              .colormap=${this.colormap} .range=${range} .legend=${false} label=${label}></loupe-heatmap>
            <span class="meta muted">${millis !== undefined ? `${Math.round(millis)} ms` : ''}${
              backend ? ` · ${backend}` : ''
            }</span>
          </div>`;
        })}
      </div>`;
  }
}
