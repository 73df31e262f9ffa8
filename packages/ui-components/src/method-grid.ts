import {
  applySign,
  type ChannelReduction,
  type ColormapName,
  clipValue,
  HEATMAP_MODES,
  type HeatmapMode,
  type HeatmapSign,
  readAttributionValues,
  reduceChannels,
} from '@loupe/core';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from './define-element.js';
import { emit } from './events.js';
import { LoupeHeatmap } from './heatmap.js';
import { formatValue } from './heatmap-values.js';
import { type ImageSource, isTensor, toRgba } from './image-source.js';
import { type MethodCell, renderCell } from './method-cell.js';
import { themeStyles } from './theme.js';

export type { MethodCell } from './method-cell.js';

/** `shared`: one colour scale for every cell (comparable magnitudes); `per-cell`: each cell saturates on its own. */
export type GridScale = 'shared' | 'per-cell';

/** Names of the views in the grid's view picker. */
const VIEW_LABELS: Record<HeatmapMode, string> = {
  'dimmed-blend': 'Over the dimmed image',
  blended: 'Over the image',
  'heat-map': 'Heat map only',
  'side-by-side': 'Side by side',
  masked: 'Image masked by |attribution|',
  alpha: 'Image with |attribution| as opacity',
};

/**
 * `<loupe-method-grid>`: several methods' attributions for one input side by side, each with what the
 * method shows, its paper, its timing and backend (or its progress while it runs), with a view picker and
 * one colour scale per cell (default) or one shared by all.
 *
 * @fires loupe-scale-change - `{ scale }` when the user switches the scale.
 * @fires loupe-mode-change - `{ mode }` when the user picks another view.
 * @fires loupe-select - `{ method }` when a cell's heading is activated (click, Enter, Space).
 * @csspart grid - the grid of cells.
 * @csspart cell - one cell.
 * @csspart scale - the scale switch.
 * @csspart controls - the row with the view picker and the scale switch.
 * @cssprop --loupe-cell-size - smallest cell width (default 160px).
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
      .controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 0 0 var(--_gap); }
      fieldset { border: none; display: flex; flex-wrap: wrap; gap: 4px 12px; padding: 0; margin: 0; }
      .note { flex-basis: 100%; margin: 0; font-size: 0.85em; }
      .grid { display: grid; gap: var(--_gap); grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--loupe-cell-size, 160px)), 1fr)); }
      .cell { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 6px; display: grid; gap: 4px; align-content: start; min-width: 0; }
      .cell .heading { text-align: left; border: none; padding: 0; font-weight: 600; background: none; }
      .about, .paper { margin: 0; font-size: 0.8em; line-height: 1.3; }
      cite { font-style: normal; }
      .pending { aspect-ratio: 1; display: grid; place-items: center; border-radius: var(--_radius);
        background: color-mix(in srgb, var(--_fg) 6%, transparent); }
      .pending progress { width: 80%; }
      loupe-heatmap { width: 100%; }
      .meta { font-size: 0.8em; }
    `,
  ];

  /** The cells, in display order (a cell without attribution shows its progress). */
  declare cells: MethodCell[];
  /** The explained image, shared by every cell. */
  declare image: ImageSource | undefined;
  /** Colour scale policy. Default `per-cell`: every method's own range, so small-valued maps stay visible. */
  declare scale: GridScale;
  /** View of every cell (see `<loupe-heatmap>`'s `mode`). Default `dimmed-blend`. */
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
  /** `image` as RGBA bytes, read once for every cell (a tensor would be read back per cell). */
  private declare rgba: ImageSource | undefined;
  private clipToken = 0;
  private imageToken = 0;

  constructor() {
    super();
    this.cells = [];
    this.scale = 'per-cell';
    this.mode = 'dimmed-blend';
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

  /** Reads a tensor or image element once; a newer image wins over a slower older read. */
  private async convertImage(): Promise<void> {
    const token = ++this.imageToken;
    const image = this.image;
    if (image === undefined || (!isTensor(image) && 'data' in image)) {
      this.rgba = image;
      return;
    }
    // Cells show the map alone until the read lands, rather than the previous image under new maps.
    this.rgba = undefined;
    // A failed read hands the source itself to the cells, which report it as they did before.
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
    const ready = this.cells.filter((cell) => cell.attribution !== undefined);
    if (this.scale !== 'shared' || ready.length === 0) {
      this.sharedClip = undefined;
      return;
    }
    const maps = await Promise.all(
      ready.map(async (cell) => {
        const { values, shape } = await readAttributionValues(cell.attribution!);
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

  private setMode(mode: HeatmapMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    emit(this, 'loupe-mode-change', { mode });
  }

  protected override render() {
    const range = this.scale === 'shared' ? this.sharedClip : undefined;
    const look = {
      image: this.rgba,
      mode: this.mode,
      sign: this.sign,
      reduction: this.reduction,
      percentile: this.percentile,
      colormap: this.colormap,
      range,
      onSelect: (method: string) => emit(this, 'loupe-select', { method }),
    };
    return html`
      <div class="controls" part="controls">
        <label>View <select @change=${(e: Event) => this.setMode((e.target as HTMLSelectElement).value as HeatmapMode)}>
          ${HEATMAP_MODES.map((m) => html`<option value=${m} ?selected=${m === this.mode}>${VIEW_LABELS[m]}</option>`)}
        </select></label>
        <fieldset part="scale">
          <legend class="visually-hidden">Colour scale</legend>
          ${(['per-cell', 'shared'] as const).map(
            (s) => html`<label><input type="radio" name="scale" value=${s} .checked=${this.scale === s}
              @change=${() => this.setScale(s)} />${s === 'shared' ? 'One scale for all' : 'Scale per method'}</label>`,
          )}
        </fieldset>
        ${
          this.scale === 'shared'
            ? html`<p class="note muted" role="note">One scale for all${range !== undefined ? ` (±${formatValue(range)})` : ''}:
                equal colours mean equal attribution in every map, so methods whose values are small
                (integrated gradients, Grad-CAM) can look blank next to saliency.</p>`
            : nothing
        }
      </div>
      <div class="grid" part="grid" role="list">${this.cells.map((cell) => renderCell(cell, look))}</div>`;
  }
}
