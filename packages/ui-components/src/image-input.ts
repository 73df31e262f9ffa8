import { tensorToCanvas, toImageData } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import { css, html, LitElement } from 'lit';
import { DrawingPad } from './drawing-pad.js';
import { emit, errorMessage } from './events.js';
import { decodeImageBlob, drawToImageData, type InputPreprocess, preprocessImage } from './image-decode.js';
import { type ImageSource, paintRgba } from './image-source.js';
import { themeStyles } from './theme.js';

/** Where an input came from. */
export type InputSource = 'file' | 'drop' | 'paste' | 'camera' | 'drawing';

/** Detail of `loupe-input`. `tensor` is owned by the element (see `value`); `clone()` it to keep it. */
export interface ImageInputDetail {
  tensor: tf.Tensor3D;
  source: InputSource;
}

/**
 * `<loupe-image-input>`: gets a picture from a file (button or drag-and-drop), the clipboard (paste while
 * focused), the camera (where `getUserMedia` exists) or a drawing pad (mouse, pen, touch), and turns it
 * into model-ready input (by default a 28×28 MNIST-style digit). Set `image` to show a picture chosen
 * elsewhere (a sample digit) on the pad and in the preview; strokes then edit it. Keyboard: Tab to the pad,
 * arrows move the pen (Shift: 4×), Space lowers or lifts it, Enter uses the drawing.
 *
 * @fires loupe-input - {@link ImageInputDetail} with the prepared tensor.
 * @fires loupe-error - `{ message }` when a file cannot be decoded or the camera is refused.
 * @csspart pad - the drawing pad canvas.
 * @csspart drop - the drop zone.
 * @csspart preview - the prepared input, as the model sees it.
 *
 * @tag loupe-image-input
 */
export class LoupeImageInput extends LitElement {
  static override properties = {
    preprocess: { type: String },
    size: { type: Number },
    pad: { type: Boolean },
    penWidth: { type: Number, attribute: 'pen-width' },
    image: { attribute: false },
    pen: { state: true },
    error: { state: true },
    cameraOn: { state: true },
  };

  static override styles = [
    themeStyles,
    css`
      :host { display: inline-grid; gap: var(--_gap); }
      .drop { border: 2px dashed var(--_border); border-radius: var(--_radius); padding: 8px; display: grid; gap: 6px; justify-items: start; }
      .drop.over { border-color: var(--_accent); }
      .pad-wrap { position: relative; width: var(--loupe-pad-size, 200px); max-width: 100%; }
      .pad { width: 100%; aspect-ratio: 1; touch-action: none; cursor: crosshair; border-radius: var(--_radius); display: block; }
      .pen { position: absolute; width: 10px; height: 10px; margin: -6px 0 0 -6px; border: 1px solid var(--_accent);
        border-radius: 50%; pointer-events: none; }
      .pen.down { background: var(--_accent); }
      .row { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
      .preview { width: 56px; aspect-ratio: 1; image-rendering: pixelated; border: 1px solid var(--_border); }
      video { width: var(--loupe-pad-size, 200px); }
      input[type='file'] { position: absolute; opacity: 0; width: 1px; height: 1px; }
    `,
  ];

  /** `mnist` (default; gray, centred like MNIST), `rgb` or `gray`. */
  declare preprocess: InputPreprocess;
  /** Side of the prepared input in pixels. Default 28. */
  declare size: number;
  /** Whether to show the drawing pad. Default true. */
  declare pad: boolean;
  /** Stroke width on the 280-px pad. Default 18 (about MNIST's stroke after scaling). */
  declare penWidth: number;
  /**
   * A picture to show (RGBA bytes, a tensor in [0, 1], an image element, bitmap or canvas), e.g. the sample
   * being explained: drawn on the pad (scaled to fill it) and in the preview as given. Setting it fires no
   * `loupe-input`; drawing on it does, with the edited picture.
   */
  declare image: ImageSource | undefined;
  private declare pen: { x: number; y: number; down: boolean } | undefined;
  private declare error: string;
  private declare cameraOn: boolean;

  /** The latest prepared input ([size, size, C] in [0, 1]); disposed when the next one replaces it. */
  value: tf.Tensor3D | undefined;
  private drawing: DrawingPad | undefined;
  private stream: MediaStream | undefined;

  constructor() {
    super();
    this.preprocess = 'mnist';
    this.size = 28;
    this.pad = true;
    this.penWidth = 18;
    this.error = '';
    this.cameraOn = false;
    this.addEventListener('paste', (event) => void this.onPaste(event));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Focusable, so a keyboard user can paste into it.
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopCamera();
  }

  protected override firstUpdated(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.pad');
    if (canvas) this.drawing = new DrawingPad(canvas, this.penWidth);
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('image') && this.image !== undefined) void this.showImage(this.image);
  }

  /** Draws `image` on the pad and in the preview; a newer image wins over a slower older read. */
  private async showImage(source: ImageSource): Promise<void> {
    try {
      const pixels = await toImageData(source);
      if (source !== this.image) return;
      const preview = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.preview');
      if (preview) paintRgba(preview, pixels);
      if (this.drawing && preview) this.drawing.drawImage(preview);
    } catch (err) {
      this.fail(errorMessage(err));
    }
  }

  protected override render() {
    const hasCamera =
      typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
    return html`
      <div class="drop" part="drop" @dragover=${this.onDragOver} @dragleave=${this.onDragLeave} @drop=${this.onDrop}
        aria-label="Image input: choose a file, drop or paste an image, or draw">
        <div class="row">
          <button type="button" @click=${this.openFile}>Upload image…</button>
          <input type="file" accept="image/*" tabindex="-1" aria-hidden="true" @change=${this.onFile} />
          ${hasCamera ? html`<button type="button" @click=${this.toggleCamera}>${this.cameraOn ? 'Stop camera' : 'Camera'}</button>` : null}
          <span class="muted">or drop / paste an image</span>
        </div>
        ${this.cameraOn ? html`<video autoplay playsinline muted></video><button type="button" @click=${this.capture}>Take photo</button>` : null}
        ${
          this.pad
            ? html`<div class="pad-wrap"><canvas class="pad" part="pad" width="280" height="280" role="img" tabindex="0"
                aria-label="Drawing pad: draw with a mouse, pen or finger; or with the keyboard: arrows move the pen, Space lowers or lifts it, Enter uses the drawing"
                @pointerdown=${(e: PointerEvent) => this.drawing?.down(e)}
                @pointermove=${(e: PointerEvent) => this.drawing?.move(e)}
                @pointerup=${this.onStrokeEnd} @pointercancel=${this.onStrokeEnd}
                @keydown=${this.onPadKey} @focus=${this.showPen} @blur=${() => {
                  this.pen = undefined;
                }}></canvas>${
                  this.pen
                    ? html`<span class="pen ${this.pen.down ? 'down' : ''}" aria-hidden="true"
                        style="left:${(this.pen.x / 280) * 100}%;top:${(this.pen.y / 280) * 100}%"></span>`
                    : null
                }</div>
              <div class="row"><button type="button" @click=${this.clearPad}>Clear</button>
                <canvas class="preview" part="preview" aria-label="Prepared input"></canvas></div>`
            : html`<canvas class="preview" part="preview" aria-label="Prepared input"></canvas>`
        }
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      </div>`;
  }

  /** Clears the drawing pad (keeps the last input). */
  clearPad(): void {
    this.drawing?.clear();
  }

  private openFile(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click();
  }

  private onFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.fromBlob(file, 'file');
    input.value = '';
  }

  private onDragOver(event: DragEvent): void {
    event.preventDefault();
    (event.currentTarget as HTMLElement).classList.add('over');
  }

  private onDragLeave(event: DragEvent): void {
    (event.currentTarget as HTMLElement).classList.remove('over');
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    (event.currentTarget as HTMLElement).classList.remove('over');
    const file = [...(event.dataTransfer?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (file) void this.fromBlob(file, 'drop');
    else this.fail('Drop an image file (PNG, JPEG, WebP).');
  }

  private async onPaste(event: ClipboardEvent): Promise<void> {
    const item = [...(event.clipboardData?.items ?? [])].find((i) => i.type.startsWith('image/'));
    const file = item?.getAsFile();
    if (!file) return;
    event.preventDefault();
    await this.fromBlob(file, 'paste');
  }

  private onStrokeEnd(): void {
    if (this.drawing?.up()) this.useDrawing();
  }

  /** Prepares the pad's pixels as the new input. */
  private useDrawing(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.pad');
    if (!canvas || !this.drawing?.hasInk) return;
    void this.fromPixels(drawToImageData(canvas, canvas.width, canvas.height), 'drawing');
  }

  private showPen(): void {
    if (this.drawing) this.pen = { ...this.drawing.keyboardPen };
  }

  private onPadKey(event: KeyboardEvent): void {
    const outcome = this.drawing?.key(event);
    if (outcome === undefined) return;
    event.preventDefault();
    if (outcome === 'use') this.useDrawing();
    this.showPen();
  }

  private async toggleCamera(): Promise<void> {
    if (this.cameraOn) {
      this.stopCamera();
      return;
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: true });
      this.cameraOn = true;
      await this.updateComplete;
      const video = this.renderRoot.querySelector('video');
      if (video) video.srcObject = this.stream;
    } catch (err) {
      this.fail(`The camera is not available: ${errorMessage(err)}`);
    }
  }

  private capture(): void {
    const video = this.renderRoot.querySelector('video');
    if (!video || video.videoWidth === 0) return;
    const pixels = drawToImageData(video, video.videoWidth, video.videoHeight);
    this.stopCamera();
    void this.fromPixels(pixels, 'camera');
  }

  private stopCamera(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    this.cameraOn = false;
  }

  private async fromBlob(blob: Blob, source: InputSource): Promise<void> {
    try {
      await this.fromPixels(await decodeImageBlob(blob), source);
    } catch (err) {
      this.fail(errorMessage(err));
    }
  }

  private async fromPixels(pixels: ImageData, source: InputSource): Promise<void> {
    try {
      const tensor = await preprocessImage(pixels, this.preprocess, this.size);
      this.value?.dispose();
      this.value = tensor;
      this.error = '';
      await this.showPreview(tensor);
      emit<ImageInputDetail>(this, 'loupe-input', { tensor, source });
    } catch (err) {
      this.fail(errorMessage(err));
    }
  }

  private async showPreview(tensor: tf.Tensor3D): Promise<void> {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.preview');
    if (!canvas) return;
    await tensorToCanvas(tensor, canvas);
  }

  private fail(message: string): void {
    this.error = message;
    emit(this, 'loupe-error', { message });
  }
}
