import {
  type BackendEvent,
  BackendLostError,
  type ColormapName,
  guardBackendLoss,
  type HeatmapMode,
  type HeatmapSign,
  type ImageDataLike,
  onBackendEvent,
  toImageData,
  useBackend,
} from '@loupe/core';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from './define-element.js';
import { emit, errorMessage } from './events.js';
import {
  type ExplainerOutcome,
  type ExplainerPreprocess,
  type Prediction,
  runExplanation,
} from './explainer-run.js';
import { LoupeHeatmap } from './heatmap.js';
import { decodeImageBlob } from './image-decode.js';
import type { ImageSource } from './image-source.js';
import { fetchData, forgetModel, loadModelFromUrl } from './model-loader.js';
import { themeStyles } from './theme.js';

/** Detail of `loupe-result`. */
export interface ExplainerResultDetail {
  method: string;
  /** The explained class. */
  target: number | null;
  prediction: Prediction;
  timing: {
    /** Milliseconds the method took. */
    millis: number;
    /** Milliseconds from the request to the result, loading included. */
    totalMillis: number;
    backend: string;
  };
}

/** Detail of `loupe-error`. */
export interface ExplainerErrorDetail {
  message: string;
  /** The Loupe error code (e.g. `ModelLoadError`), when the error is one. */
  code?: string;
}

/**
 * `<loupe-explainer>`: the one-tag embed. Loads a model (LayersModel or GraphModel model.json) and an
 * image (both fetched as data), switches to the best backend, runs a registered method, and shows the
 * heatmap with the prediction. Changing any attribute starts a new request and aborts the old one.
 *
 * @fires loupe-result - {@link ExplainerResultDetail}.
 * @fires loupe-error - {@link ExplainerErrorDetail}; the message is also shown in the element.
 * @fires loupe-backend-lost - core's `BackendEvent` (`{ type: 'lost', name, lost, reason }`) when the
 * backend was lost (e.g. the WebGPU device) and Loupe switched to `name`; an explanation that was running
 * is run once more on the new backend (model reloaded), or fails with `loupe-error` code `backend-lost`.
 * @csspart heatmap - the `<loupe-heatmap>`.
 * @csspart status - progress and prediction line.
 * @csspart error - the error message.
 *
 * @tag loupe-explainer
 */
export class LoupeExplainer extends LitElement {
  static override properties = {
    model: { type: String },
    src: { type: String },
    image: { attribute: false },
    method: { type: String },
    target: { type: String },
    backend: { type: String },
    preprocess: { type: String },
    labels: { type: String },
    mode: { type: String },
    sign: { type: String },
    colormap: { type: String },
    options: { attribute: false },
    outcome: { state: true },
    status: { state: true },
    progress: { state: true },
    error: { state: true },
  };

  static override styles = [
    themeStyles,
    css`
      :host { display: inline-grid; gap: 4px; }
      .status { font-size: 0.9em; min-height: 1.3em; }
      progress { width: 100%; }
    `,
  ];

  /** URL of the model.json. */
  declare model: string;
  /** URL of the image to explain. */
  declare src: string;
  /**
   * The image to explain as an object instead of a URL: an `HTMLImageElement`, `ImageBitmap`, canvas,
   * `ImageData` or a tensor in [0, 1]. Takes precedence over `src`.
   */
  declare image: ImageSource | undefined;
  /** Registered explainer id. Default `integrated-gradients`. */
  declare method: string;
  /** Class to explain: an index, or `predicted` (default). */
  declare target: string;
  /** Backend: `auto` (default: best registered and available) or a name. */
  declare backend: string;
  /** `resize` (default) or `mnist` (centre a digit like MNIST). */
  declare preprocess: ExplainerPreprocess;
  /** Comma-separated class names. */
  declare labels: string;
  /** Heatmap view (see `<loupe-heatmap>`). Default `dimmed-blend`. */
  declare mode: HeatmapMode;
  /** Heatmap sign. Default `all`. */
  declare sign: HeatmapSign;
  /** Heatmap colormap (default by sign). */
  declare colormap: ColormapName | undefined;
  /**
   * Extra method options, e.g. `{ steps: 32 }`; each method gets the ones it takes (see `optionsForMethod`), and a
   * name no method takes is an error naming the closest option.
   */
  declare options: Record<string, unknown>;
  private declare outcome: ExplainerOutcome | undefined;
  private declare status: string;
  private declare progress: number | undefined;
  private declare error: string;
  private controller: AbortController | undefined;
  private activeBackend: string | undefined;
  private stopBackendEvents: (() => void) | undefined;

  constructor() {
    super();
    this.model = '';
    this.src = '';
    this.method = 'integrated-gradients';
    this.target = 'predicted';
    this.backend = 'auto';
    this.preprocess = 'resize';
    this.labels = '';
    this.mode = 'dimmed-blend';
    this.sign = 'all';
    this.options = {};
    this.status = '';
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    defineElement('loupe-heatmap', LoupeHeatmap);
    this.stopBackendEvents = onBackendEvent((event: BackendEvent) => {
      if (event.type === 'lost') emit<BackendEvent>(this, 'loupe-backend-lost', event);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
    this.stopBackendEvents?.();
    this.stopBackendEvents = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const inputs = [
      'model',
      'src',
      'image',
      'method',
      'target',
      'backend',
      'preprocess',
      'labels',
      'options',
    ] as const;
    if (inputs.some((key) => changed.has(key)) && this.model && (this.src || this.image)) void this.explain();
  }

  /** Runs the explanation now (aborting one in progress); resolves when it has finished or failed. */
  async explain(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    const started = performance.now();
    const method = this.method;
    Object.assign(this, { error: '', progress: undefined, status: 'Loading model and image…' });
    try {
      if (this.activeBackend !== this.backend) {
        await useBackend(this.backend);
        this.activeBackend = this.backend;
      }
      const [model, pixels] = await Promise.all([
        loadModelFromUrl(this.model, signal),
        this.loadImage(signal),
      ]);
      if (signal.aborted) return;
      this.status = `Running ${method}…`;
      const target = this.target === '' || this.target === 'predicted' ? 'predicted' : Number(this.target);
      if (typeof target === 'number' && !Number.isInteger(target)) {
        throw new Error(`target must be a class index or "predicted"; got "${this.target}".`);
      }
      const classNames = this.labels ? this.labels.split(',').map((s) => s.trim()) : undefined;
      const run = (m: typeof model) =>
        guardBackendLoss(() =>
          runExplanation({
            model: m,
            pixels,
            method,
            target,
            preprocess: this.preprocess,
            classNames,
            options: this.options,
            signal,
            onProgress: (done, total) => {
              if (!signal.aborted) this.progress = total > 0 ? done / total : undefined;
            },
          }),
        );
      let outcome: ExplainerOutcome;
      try {
        outcome = await run(model);
      } catch (err) {
        if (!(err instanceof BackendLostError) || signal.aborted) throw err;
        // The device went away mid-run: once more on the backend Loupe switched to, with the model reloaded.
        this.status = `The ${err.lost} backend was lost; running ${method} again…`;
        await forgetModel(this.model);
        outcome = await run(await loadModelFromUrl(this.model, signal));
      }
      if (signal.aborted) return;
      this.outcome = outcome;
      const { prediction } = outcome;
      this.status = `Predicted ${prediction.label ?? prediction.index} (${(prediction.probability * 100).toFixed(1)}%) · ${method} on ${outcome.backend}, ${Math.round(outcome.millis)} ms`;
      this.progress = undefined;
      await this.updateComplete;
      await this.renderRoot.querySelector<LoupeHeatmap>('loupe-heatmap')?.whenRendered();
      if (signal.aborted) return;
      emit<ExplainerResultDetail>(this, 'loupe-result', {
        method,
        target: outcome.target,
        prediction,
        timing: {
          millis: outcome.millis,
          totalMillis: performance.now() - started,
          backend: outcome.backend,
        },
      });
    } catch (err) {
      if (signal.aborted) return;
      this.error = errorMessage(err);
      this.status = '';
      this.progress = undefined;
      const detail: ExplainerErrorDetail = { message: this.error };
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string') detail.code = code;
      emit<ExplainerErrorDetail>(this, 'loupe-error', detail);
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  private async loadImage(signal: AbortSignal): Promise<ImageDataLike> {
    if (this.image !== undefined) return toImageData(this.image);
    const url = new URL(this.src, globalThis.location?.href).href;
    const response = await fetchData(url, 'image', signal);
    try {
      return await decodeImageBlob(await response.blob());
    } catch (err) {
      throw new Error(`Could not decode the image at ${url}: ${errorMessage(err)}`);
    }
  }

  protected override render() {
    const outcome = this.outcome;
    const target = outcome?.target ?? undefined;
    return html`
      ${
        outcome
          ? html`<loupe-heatmap part="heatmap" .attribution=${{ values: outcome.values, shape: outcome.shape }}
              .image=${outcome.image} .mode=${this.mode} .sign=${this.sign} .colormap=${this.colormap}
              label="${this.method} attribution${target !== undefined ? ` for class ${target}` : ''}"></loupe-heatmap>`
          : nothing
      }
      ${this.progress !== undefined ? html`<progress .value=${this.progress} max="1" aria-label="Progress"></progress>` : nothing}
      <span class="status" part="status" role="status" aria-live="polite">${this.status}</span>
      ${this.error ? html`<p class="error" part="error" role="alert">${this.error}</p>` : nothing}`;
  }
}
