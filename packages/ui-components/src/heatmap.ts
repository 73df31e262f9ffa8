import {
  attributionMap,
  type ChannelReduction,
  type ColormapName,
  colorTable,
  defaultColormap,
  type HeatmapMode,
  type HeatmapSign,
  isColormapName,
  paintImageData,
  readAttributionValues,
  renderScalarMap,
  type ScalarMap,
  sideBySideGap,
  toImageData,
} from '@loupe/core';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { arrowMove } from './arrow-keys.js';
import { canvasToPng, download } from './canvas-export.js';
import { colorbarTicks, paintColorbar } from './colorbar.js';
import { describeRegions } from './describe-regions.js';
import { emit } from './events.js';
import { formatValue, type HeatmapValues } from './heatmap-values.js';
import type { ImageSource } from './image-source.js';
import { themeStyles } from './theme.js';

/** Detail of `loupe-hover`: the pixel (image coordinates) and its attribution after channel reduction. */
export interface HeatmapHoverDetail {
  x: number;
  y: number;
  value: number;
}

/** Detail of `loupe-render`: what was drawn and the colour scale's end. */
export interface HeatmapRenderDetail {
  width: number;
  height: number;
  /** |value| that maps to the end of the colour scale. */
  clip: number;
  description: string;
}

/**
 * `<loupe-heatmap>`: an image with an attribution over it, a colorbar legend, and the value under the
 * pointer (or under a keyboard cursor: focus the image, move with the arrow keys, Shift for 10 px).
 *
 * @fires loupe-hover - {@link HeatmapHoverDetail} when the pointer or cursor moves over a pixel.
 * @fires loupe-render - {@link HeatmapRenderDetail} after each repaint.
 * @fires loupe-export - `{ blob }` (a PNG) after `exportPng()`.
 * @csspart canvas - the heatmap image.
 * @csspart legend - the colorbar with its ticks.
 * @csspart readout - the value under the pointer.
 * @csspart export - the "PNG" export button.
 * @cssprop --loupe-heatmap-size - displayed width (default 280px).
 * @cssprop --loupe-heatmap-rendering - `image-rendering` of the canvas (default pixelated).
 *
 * @tag loupe-heatmap
 */
export class LoupeHeatmap extends LitElement {
  static override properties = {
    attribution: { attribute: false },
    image: { attribute: false },
    mode: { type: String, reflect: true },
    sign: { type: String, reflect: true },
    reduction: { type: String },
    percentile: { type: Number },
    range: { type: Number },
    colormap: { type: String },
    opacity: { type: Number },
    dim: { type: Number },
    label: { type: String },
    legend: { type: Boolean },
    readout: { state: true },
    clip: { state: true },
  };

  static override styles = [
    themeStyles,
    css`
      :host { display: inline-block; width: var(--loupe-heatmap-size, 280px); }
      figure { margin: 0; display: grid; gap: 4px; position: relative; }
      canvas.main { width: 100%; height: auto; image-rendering: var(--loupe-heatmap-rendering, pixelated);
        background: repeating-conic-gradient(#8884 0 25%, transparent 0 50%) 0 0 / 16px 16px; display: block; }
      .legend { display: grid; gap: 2px; font-size: 0.85em; }
      .legend canvas { width: 100%; height: 10px; image-rendering: auto; }
      .ticks { display: flex; justify-content: space-between; }
      .row { display: flex; justify-content: space-between; align-items: center; gap: 4px; }
      .row button { padding: 0 6px; font-size: 0.8em; }
      .readout { min-height: 1.3em; font-variant-numeric: tabular-nums; font-size: 0.85em; }
    `,
  ];

  /** The attribution to show (core's `Attribution`, or `{ values, shape }`). */
  declare attribution: HeatmapValues | undefined;
  /**
   * The explained image: RGBA bytes, a tensor in [0, 1], or an `HTMLImageElement`, `ImageBitmap` or canvas;
   * the map is resized to its pixels.
   */
  declare image: ImageSource | undefined;
  /**
   * View: `dimmed-blend` (default: the map over the image in gray at `dim` of its brightness), `blended`
   * (over the image as it is, weighted by `opacity`), `heat-map`, `masked`, `alpha` (Captum's four), or
   * `side-by-side` (the image, then the heat map).
   */
  declare mode: HeatmapMode;
  /** Which attributions to show. Default `all` (signed, diverging colours). */
  declare sign: HeatmapSign;
  /** How channels combine into one value per pixel. Default `sum`. */
  declare reduction: ChannelReduction;
  /** Percentile (0–100] of |values| where the colour scale saturates. Default 99. */
  declare percentile: number;
  /** Fixed end of the colour scale, overriding `percentile` (for one scale across several heatmaps). */
  declare range: number | undefined;
  /** Colormap name; default `inferno` for one-signed data and `rdbu` for sign `all`. */
  declare colormap: ColormapName | undefined;
  /** Weight of the colours over the image in `blended` mode, 0–1. Default 0.6. */
  declare opacity: number;
  /** Brightness of the gray image under the colours in `dimmed-blend`, 0–1. Default 1/3. */
  declare dim: number;
  /** Accessible name of the image, e.g. "Integrated gradients for class 7". */
  declare label: string;
  /** Whether to show the colorbar legend. Default true. */
  declare legend: boolean;
  private declare readout: string;
  private declare clip: number;

  private map: ScalarMap | undefined;
  private rgba: Uint8ClampedArray | Uint8Array | undefined;
  private description = 'No attribution yet.';
  private cursor: { x: number; y: number } | undefined;
  private loadToken = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor() {
    super();
    this.mode = 'dimmed-blend';
    this.sign = 'all';
    this.reduction = 'sum';
    this.percentile = 99;
    this.opacity = 0.6;
    this.dim = 1 / 3;
    this.label = 'Attribution heatmap';
    this.legend = true;
    this.readout = '';
    this.clip = 1;
  }

  /** The colormap in use: the chosen one, else the default for the sign. */
  get activeColormap(): ColormapName {
    if (this.colormap !== undefined && isColormapName(this.colormap)) return this.colormap;
    return defaultColormap(this.sign);
  }

  protected override render() {
    const table = colorTable(this.activeColormap);
    return html`<figure>
      <canvas class="main" part="canvas" tabindex="0" role="img"
        aria-label="${this.label}. ${this.description}"
        @pointermove=${this.onPointer} @pointerleave=${this.onLeave} @keydown=${this.onKey}></canvas>
      ${
        this.legend
          ? html`<div class="legend" part="legend" role="group" aria-label="Colour scale (${this.activeColormap})">
            <canvas class="bar" aria-hidden="true" data-table=${table.length}></canvas>
            <div class="ticks">${colorbarTicks(this.sign, this.clip)}</div></div>`
          : null
      }
      <div class="row"><output class="readout" part="readout" aria-live="polite">${this.readout}</output>
        <button part="export" aria-label="Export heatmap as PNG" @click=${() => void this.exportPng()}>PNG</button></div>
    </figure>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('attribution') || changed.has('image') || changed.has('reduction')) {
      this.pending = this.reload();
      return;
    }
    const visual = ['mode', 'sign', 'percentile', 'range', 'colormap', 'opacity', 'dim', 'legend'] as const;
    if (visual.some((key) => changed.has(key))) this.repaint();
  }

  /** Reads the data (async for tensors), then repaints; a newer assignment wins over a slower older one. */
  private async reload(): Promise<void> {
    const token = ++this.loadToken;
    if (this.attribution === undefined) {
      this.map = undefined;
      this.rgba = undefined;
      this.repaint();
      return;
    }
    const { values, shape } = await readAttributionValues(this.attribution);
    const image = this.image === undefined ? undefined : await toImageData(this.image);
    if (token !== this.loadToken) return;
    this.map = attributionMap(values, shape, {
      reduction: this.reduction,
      ...(image ? { width: image.width, height: image.height } : {}),
    });
    this.rgba = image?.data;
    this.repaint();
  }

  private repaint(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.main');
    const bar = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.bar');
    if (bar) paintColorbar(bar, colorTable(this.activeColormap));
    if (!canvas || this.map === undefined) return;
    // Core's renderer: what scripts and the CLI draw for the same options, pixel for pixel.
    const rendered = renderScalarMap(this.map, {
      mode: this.mode,
      sign: this.sign,
      percentile: this.percentile,
      ...(this.range !== undefined && this.range > 0 ? { range: this.range } : {}),
      colormap: this.activeColormap,
      opacity: Math.min(1, Math.max(0, this.opacity)),
      dim: Math.min(1, Math.max(0, this.dim)),
      ...(this.rgba ? { image: this.rgba } : {}),
    });
    paintImageData(canvas, rendered);
    this.clip = rendered.clip;
    this.description = describeRegions(this.map);
    canvas.setAttribute('aria-label', `${this.label}. ${this.description}`);
    emit<HeatmapRenderDetail>(this, 'loupe-render', {
      width: rendered.width,
      height: rendered.height,
      clip: rendered.clip,
      description: this.description,
    });
  }

  private show(x: number, y: number): void {
    if (this.map === undefined) return;
    const value = this.map.values[y * this.map.width + x];
    this.readout = `(${x}, ${y}): ${formatValue(value)}`;
    emit<HeatmapHoverDetail>(this, 'loupe-hover', { x, y, value });
  }

  private onPointer(event: PointerEvent): void {
    const canvas = event.currentTarget as HTMLCanvasElement;
    if (this.map === undefined || canvas.clientWidth === 0) return;
    const { width, height } = this.map;
    let x = Math.floor((event.offsetX / canvas.clientWidth) * canvas.width);
    // Side by side: the map sits right of the image and a gap; either half reads the same pixel.
    if (canvas.width > width) {
      const right = width + sideBySideGap(width);
      if (x >= right) x -= right;
      else if (x >= width) return;
    }
    const y = Math.min(height - 1, Math.floor((event.offsetY / canvas.clientHeight) * height));
    this.show(Math.min(width - 1, Math.max(0, x)), Math.max(0, y));
  }

  private onLeave(): void {
    this.readout = '';
  }

  private onKey(event: KeyboardEvent): void {
    if (this.map === undefined) return;
    if (event.key === 'Escape') {
      this.cursor = undefined;
      this.readout = '';
      return;
    }
    const move = arrowMove(event.key, event.shiftKey ? 10 : 1);
    if (move === undefined) return;
    event.preventDefault();
    const from = this.cursor ?? { x: Math.floor(this.map.width / 2), y: Math.floor(this.map.height / 2) };
    const x = Math.min(this.map.width - 1, Math.max(0, from.x + (this.cursor ? move[0] : 0)));
    const y = Math.min(this.map.height - 1, Math.max(0, from.y + (this.cursor ? move[1] : 0)));
    this.cursor = { x, y };
    this.show(x, y);
  }

  /** Resolves once the current data has been read and drawn (property changes render asynchronously). */
  async whenRendered(): Promise<void> {
    await this.updateComplete;
    await this.pending;
  }

  /** The rendered heatmap as a PNG blob (at the image's own pixels). */
  async toPngBlob(): Promise<Blob> {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.main');
    if (!canvas) throw new Error('The heatmap has not rendered yet; wait for updateComplete.');
    return canvasToPng(canvas);
  }

  /** Encodes the heatmap as PNG, fires `loupe-export` with it, and unless cancelled downloads it as `filename`. */
  async exportPng(filename = 'loupe-heatmap.png'): Promise<Blob> {
    const blob = await this.toPngBlob();
    if (emit(this, 'loupe-export', { blob }, true)) download(blob, filename);
    return blob;
  }
}
