import { yieldToEventLoop } from '@loupe/core';
import { css, html, LitElement, nothing } from 'lit';
import { emit, errorMessage } from './events.js';
import { formatValue } from './heatmap-values.js';
import { type ImageSource, paintRgba, toRgba } from './image-source.js';
import { themeStyles } from './theme.js';

/** One intermediate result of activation maximization. */
export interface FeatureVizFrame {
  /** The current input (RGBA bytes or a tensor in [0, 1]); a tensor is read during the call, so it may be disposed after. */
  image: ImageSource;
  /** Steps done so far. */
  step: number;
  /** Steps planned. */
  total: number;
  /** The objective (e.g. class score) at this step. */
  score?: number;
}

/** What the element hands a run: the chosen regime, an abort signal, and where to send frames. */
export interface FeatureVizRequest {
  regime: string;
  signal: AbortSignal;
  onFrame(frame: FeatureVizFrame): Promise<void>;
}

/** The work itself, supplied by the page (e.g. wrapping `@loupe/methods-optimization`), so this package imports no method. */
export type FeatureVizRun = (request: FeatureVizRequest) => Promise<unknown>;

/** A choice in the regime picker. */
export interface FeatureVizRegime {
  id: string;
  label: string;
}

/** The three regimes of the lecture: class score alone, with an "expert" image prior, in a generator's code space. */
export const DEFAULT_REGIMES: readonly FeatureVizRegime[] = [
  { id: 'class-score', label: 'Class score only' },
  { id: 'image-prior', label: 'With an image prior (L2, total variation, blur, jitter)' },
  { id: 'generator', label: "In a generator's code space" },
];

/**
 * `<loupe-feature-viz>`: runs activation maximization through a page-supplied `run` function and shows
 * each frame live with a progress bar, Start/Stop, and a regime picker. Stop aborts the run's signal.
 *
 * @fires loupe-start - `{ regime }`.
 * @fires loupe-frame - `{ step, total, score }` for every frame.
 * @fires loupe-done - `{ regime, result }` when the run resolves.
 * @fires loupe-stop - `{ regime, step }` when stopped before the end.
 * @fires loupe-error - `{ message }` when the run throws.
 * @csspart canvas - the current frame.
 * @csspart progress - the progress bar.
 *
 * @tag loupe-feature-viz
 */
export class LoupeFeatureViz extends LitElement {
  static override properties = {
    run: { attribute: false },
    regimes: { attribute: false },
    regime: { type: String },
    running: { state: true },
    step: { state: true },
    total: { state: true },
    score: { state: true },
    error: { state: true },
  };

  static override styles = [
    themeStyles,
    css`
      :host { display: inline-grid; gap: var(--_gap); }
      canvas { width: var(--loupe-frame-size, 196px); aspect-ratio: 1; image-rendering: pixelated; border: 1px solid var(--_border); }
      .row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
      progress { width: var(--loupe-frame-size, 196px); }
    `,
  ];

  /** The optimization to run. */
  declare run: FeatureVizRun | undefined;
  /** Regimes to offer. Default {@link DEFAULT_REGIMES}. */
  declare regimes: readonly FeatureVizRegime[];
  /** The selected regime's id. */
  declare regime: string;
  private declare running: boolean;
  private declare step: number;
  private declare total: number;
  private declare score: number | undefined;
  private declare error: string;
  private controller: AbortController | undefined;

  constructor() {
    super();
    this.regimes = DEFAULT_REGIMES;
    this.regime = DEFAULT_REGIMES[0].id;
    this.running = false;
    this.step = 0;
    this.total = 0;
    this.error = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
  }

  protected override render() {
    return html`
      <div class="row">
        <label>Regime <select ?disabled=${this.running} @change=${(e: Event) => {
          this.regime = (e.target as HTMLSelectElement).value;
        }}>${this.regimes.map((r) => html`<option value=${r.id} ?selected=${r.id === this.regime}>${r.label}</option>`)}</select></label>
        <button type="button" class="primary" ?disabled=${this.running || !this.run} @click=${() => void this.start()}>Start</button>
        <button type="button" ?disabled=${!this.running} @click=${() => this.stop()}>Stop</button>
      </div>
      <canvas part="canvas" role="img" aria-label="Current visualization, step ${this.step} of ${this.total}"></canvas>
      <progress part="progress" max=${this.total || 1} .value=${this.step} aria-label="Optimization progress"></progress>
      <span class="muted" aria-live="polite">${this.running ? 'Running: ' : ''}step ${this.step}/${this.total}${
        this.score !== undefined ? ` · score ${formatValue(this.score)}` : ''
      }</span>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}`;
  }

  /** Starts a run with the selected regime (aborting one in progress). Resolves when it ends. */
  async start(): Promise<void> {
    if (!this.run) return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const regime = this.regime;
    Object.assign(this, { running: true, step: 0, total: 0, score: undefined, error: '' });
    emit(this, 'loupe-start', { regime });
    try {
      const result = await this.run({
        regime,
        signal: controller.signal,
        onFrame: (frame) => this.onFrame(frame, controller),
      });
      if (controller.signal.aborted) return;
      emit(this, 'loupe-done', { regime, result });
    } catch (err) {
      if (controller.signal.aborted) return;
      this.error = errorMessage(err);
      emit(this, 'loupe-error', { message: this.error });
    } finally {
      if (this.controller === controller) {
        this.running = false;
        this.controller = undefined;
      }
    }
  }

  /** Aborts the run in progress. */
  stop(): void {
    if (!this.controller) return;
    this.controller.abort();
    this.controller = undefined;
    this.running = false;
    emit(this, 'loupe-stop', { regime: this.regime, step: this.step });
  }

  private async onFrame(frame: FeatureVizFrame, controller: AbortController): Promise<void> {
    if (controller.signal.aborted) return;
    const pixels = await toRgba(frame.image);
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas');
    if (canvas) paintRgba(canvas, pixels);
    this.step = frame.step;
    this.total = frame.total;
    this.score = frame.score;
    emit(this, 'loupe-frame', { step: frame.step, total: frame.total, score: frame.score });
    // Yield to the browser so frames paint and Stop stays clickable during long runs.
    await yieldToEventLoop();
  }
}
