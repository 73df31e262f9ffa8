import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { classSlots, type PointLabel, renderLegend, slotColour } from './embedding-legend.js';
import { embeddingPlotStyles } from './embedding-plot-styles.js';
import { emit } from './events.js';
import { paintRgba } from './image-source.js';
import { bounds, type View, viewForKey, zoomAt } from './plot-view.js';
import { type RowImages, rowImage } from './prototype-set.js';
import { themeStyles } from './theme.js';

/** Detail of `loupe-hover` and `loupe-select`: the point's row, class, and mark. */
export interface EmbeddingPointDetail {
  index: number;
  label: number | string | undefined;
  role: 'prototype' | 'criticism' | 'point';
}

const PAD = 12;

/**
 * `<loupe-embedding-plot>`: a 2-D projection (PCA, UMAP, t-SNE) of many points on a canvas, coloured by
 * class, with prototypes (ringed) and criticisms (crossed) marked, and the example's image on hover.
 * Pan by dragging or the arrow keys, zoom with the wheel or +/−, 0 resets, N/P step through the marked
 * points and Enter selects. A legend names the class colours and the marks; `caption` says what the axes are.
 *
 * @fires loupe-hover - {@link EmbeddingPointDetail} of the point under the pointer (or stepped to).
 * @fires loupe-select - {@link EmbeddingPointDetail} of a clicked (or Enter-ed) point.
 * @csspart canvas - the plot.
 * @csspart tooltip - the hover card.
 * @csspart legend - the class colours and marks.
 * @csspart caption - what the projection shows.
 * @cssprop --loupe-plot-height - height of the plot area (default 360px).
 *
 * @tag loupe-embedding-plot
 */
export class LoupeEmbeddingPlot extends LitElement {
  static override properties = {
    points: { attribute: false },
    labels: { attribute: false },
    prototypes: { attribute: false },
    criticisms: { attribute: false },
    images: { attribute: false },
    pointSize: { type: Number, attribute: 'point-size' },
    classNames: { attribute: false },
    caption: { type: String },
    hovered: { state: true },
  };

  static override styles = [themeStyles, embeddingPlotStyles];

  /** One [x, y] per row (e.g. `Projection.points`). */
  declare points: ArrayLike<ArrayLike<number>>;
  /** Class of every row, for colours. */
  declare labels: ArrayLike<number | string> | undefined;
  /** Rows that are prototypes. */
  declare prototypes: readonly number[];
  /** Rows that are criticisms. */
  declare criticisms: readonly number[];
  /** Images of the rows, shown on hover. */
  declare images: RowImages | undefined;
  /** Dot radius in CSS pixels. Default 2.5. */
  declare pointSize: number;
  /** Names for the legend, by class index (or label); the label itself when absent. */
  declare classNames: readonly string[] | undefined;
  /** What the projection shows, e.g. "PCA of the dense1 layer's activations: first two components". */
  declare caption: string;
  private declare hovered: number | undefined;

  /** The current pan/zoom. */
  view: View = { scale: 1, offsetX: 0, offsetY: 0 };
  private slots = new Map<PointLabel, number>();
  private xs = new Float32Array(0);
  private ys = new Float32Array(0);
  private fit = { minX: 0, minY: 0, spanX: 1, spanY: 1 };
  private drag: { x: number; y: number; moved: boolean } | undefined;
  private frame = 0;
  private stepIndex = -1;
  private resizeObserver: ResizeObserver | undefined;

  constructor() {
    super();
    this.points = [];
    this.prototypes = [];
    this.criticisms = [];
    this.pointSize = 2.5;
    this.caption = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    cancelAnimationFrame(this.frame);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('points')) {
      const n = this.points.length;
      this.xs = new Float32Array(n);
      this.ys = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        this.xs[i] = this.points[i][0];
        this.ys[i] = this.points[i][1];
      }
      this.fit = bounds(this.xs, this.ys);
      this.view = { scale: 1, offsetX: 0, offsetY: 0 };
    }
    if (changed.has('points') || changed.has('labels'))
      this.slots = classSlots(this.labels, this.points.length);
  }

  protected override render() {
    const tip = this.hovered;
    const position = tip === undefined ? undefined : this.toScreen(tip);
    return html`<div class="plot"><canvas part="canvas" tabindex="0" role="img"
        aria-label="Embedding of ${this.points.length} examples, ${this.prototypes.length} prototypes and ${this.criticisms.length} criticisms marked. Arrow keys pan, plus and minus zoom, N and P step through marked points."
        @pointerdown=${this.onDown} @pointermove=${this.onMove} @pointerup=${this.onUp} @pointerleave=${() => {
          this.hovered = undefined;
        }} @wheel=${{ handleEvent: (e: WheelEvent) => this.onWheel(e), passive: false }} @keydown=${this.onKey}></canvas>
      ${
        tip !== undefined && position
          ? html`<div class="tip" part="tooltip" role="status" style="left:${position.x + 10}px;top:${position.y + 10}px">
              ${rowImage(this.images, tip) ? html`<canvas class="thumb"></canvas>` : nothing}
              <span>row ${tip}${this.labelOf(tip) !== undefined ? ` · class ${this.nameOf(this.labelOf(tip)!)}` : ''}</span></div>`
          : nothing
      }</div>
      ${
        this.points.length > 0
          ? renderLegend(this.slots, (l) => this.nameOf(l), {
              prototypes: this.prototypes.length > 0,
              criticisms: this.criticisms.length > 0,
            })
          : nothing
      }
      ${this.caption ? html`<p class="caption muted" part="caption">${this.caption}</p>` : nothing}`;
  }

  private nameOf(label: PointLabel): string {
    return (typeof label === 'number' ? this.classNames?.[label] : undefined) ?? String(label);
  }

  protected override updated(): void {
    const thumb = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.thumb');
    const image = this.hovered === undefined ? undefined : rowImage(this.images, this.hovered);
    if (thumb && image) paintRgba(thumb, image);
    this.schedule();
  }

  /** Where row `index` is drawn, in CSS pixels from the canvas's top left. */
  toScreen(index: number): { x: number; y: number } {
    const canvas = this.renderRoot.querySelector('.plot > canvas');
    const width = (canvas?.clientWidth ?? 0) - 2 * PAD;
    const height = (canvas?.clientHeight ?? 0) - 2 * PAD;
    const side = Math.min(width, height);
    const bx = PAD + (width - side) / 2 + ((this.xs[index] - this.fit.minX) / this.fit.spanX) * side;
    const by = PAD + (height - side) / 2 + (1 - (this.ys[index] - this.fit.minY) / this.fit.spanY) * side;
    return { x: bx * this.view.scale + this.view.offsetX, y: by * this.view.scale + this.view.offsetY };
  }

  private labelOf(index: number): number | string | undefined {
    return this.labels?.[index];
  }

  private roleOf(index: number): EmbeddingPointDetail['role'] {
    if (this.prototypes.includes(index)) return 'prototype';
    return this.criticisms.includes(index) ? 'criticism' : 'point';
  }

  private colourOf(index: number): string {
    const label = this.labelOf(index);
    return slotColour(label === undefined ? 0 : this.slots.get(label));
  }

  /** Redraws on the next animation frame (coalescing bursts of pan/zoom events). */
  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Draws now (also what the scheduled frame does); hosts rarely need it. */
  draw(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('.plot > canvas');
    if (!canvas || canvas.clientWidth === 0) return;
    const ratio = globalThis.devicePixelRatio || 1;
    canvas.width = Math.round(canvas.clientWidth * ratio);
    canvas.height = Math.round(canvas.clientHeight * ratio);
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, canvas.clientWidth, canvas.clientHeight);
    const r = this.pointSize;
    for (let i = 0; i < this.xs.length; i++) {
      const { x, y } = this.toScreen(i);
      context.fillStyle = this.colourOf(i);
      context.fillRect(x - r, y - r, 2 * r, 2 * r);
    }
    context.lineWidth = 2;
    const stroke = getComputedStyle(this).getPropertyValue('color') || '#000';
    for (const i of this.prototypes) {
      const { x, y } = this.toScreen(i);
      context.strokeStyle = stroke;
      context.beginPath();
      context.arc(x, y, r + 5, 0, 2 * Math.PI);
      context.stroke();
    }
    for (const i of this.criticisms) {
      const { x, y } = this.toScreen(i);
      context.strokeStyle = '#d62728';
      context.beginPath();
      context.moveTo(x - r - 4, y - r - 4);
      context.lineTo(x + r + 4, y + r + 4);
      context.moveTo(x + r + 4, y - r - 4);
      context.lineTo(x - r - 4, y + r + 4);
      context.stroke();
    }
  }

  /** The row nearest a screen point within 8 px, or undefined. */
  nearest(px: number, py: number): number | undefined {
    let best: number | undefined;
    let bestDistance = 64;
    for (let i = 0; i < this.xs.length; i++) {
      const { x, y } = this.toScreen(i);
      const d = (x - px) ** 2 + (y - py) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  private detail(index: number): EmbeddingPointDetail {
    return { index, label: this.labelOf(index), role: this.roleOf(index) };
  }

  private hover(index: number | undefined): void {
    if (index === this.hovered) return;
    this.hovered = index;
    if (index !== undefined) emit(this, 'loupe-hover', this.detail(index));
  }

  private onDown(event: PointerEvent): void {
    (event.currentTarget as HTMLCanvasElement).setPointerCapture?.(event.pointerId);
    this.drag = { x: event.offsetX, y: event.offsetY, moved: false };
  }

  private onMove(event: PointerEvent): void {
    if (this.drag) {
      const dx = event.offsetX - this.drag.x;
      const dy = event.offsetY - this.drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) this.drag.moved = true;
      if (this.drag.moved) {
        this.view = { ...this.view, offsetX: this.view.offsetX + dx, offsetY: this.view.offsetY + dy };
        this.drag.x = event.offsetX;
        this.drag.y = event.offsetY;
        this.schedule();
        return;
      }
    }
    this.hover(this.nearest(event.offsetX, event.offsetY));
  }

  private onUp(event: PointerEvent): void {
    const clicked = this.drag !== undefined && !this.drag.moved;
    this.drag = undefined;
    if (!clicked) return;
    const index = this.nearest(event.offsetX, event.offsetY);
    if (index !== undefined) emit(this, 'loupe-select', this.detail(index));
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    this.view = zoomAt(this.view, Math.exp(-event.deltaY * 0.002), event.offsetX, event.offsetY);
    this.schedule();
  }

  private onKey(event: KeyboardEvent): void {
    const canvas = event.currentTarget as HTMLCanvasElement;
    const marked = [...this.prototypes, ...this.criticisms];
    const stepping = marked.length > 0 ? marked : Array.from({ length: this.xs.length }, (_, i) => i);
    const moved = viewForKey(this.view, event.key, [canvas.clientWidth / 2, canvas.clientHeight / 2]);
    if (moved) this.view = moved;
    else if ((event.key === 'n' || event.key === 'p') && stepping.length > 0) {
      const delta = event.key === 'n' ? 1 : -1;
      this.stepIndex = (this.stepIndex + delta + stepping.length) % stepping.length;
      this.hover(stepping[this.stepIndex]);
    } else if (event.key === 'Enter' && this.hovered !== undefined)
      emit(this, 'loupe-select', this.detail(this.hovered));
    else return;
    event.preventDefault();
    this.schedule();
    this.requestUpdate();
  }
}
