import { h } from '../ui/dom.js';
import { classColors } from './palette.js';
import type { Segmentation } from './segmentation.js';

/** Longest side of the drawn view, CSS pixels. */
const SIDE = 240;

/** What the view draws: the input, the segmentation over it, and the explained region. */
export interface RegionPicture {
  /** The input `[H, W, C]` in [0, 1], row-major. */
  pixels: Float32Array;
  inputShape: readonly [number, number, number];
  segmentation: Segmentation;
  /** 1 inside the explained region, per output position. */
  weights: Float32Array;
}

function inputImage(p: RegionPicture): ImageData {
  const [height, width, channels] = p.inputShape;
  const image = new ImageData(width, height);
  for (let i = 0; i < height * width; i++) {
    for (let c = 0; c < 3; c++)
      image.data[4 * i + c] = 255 * p.pixels[i * channels + (channels === 1 ? 0 : Math.min(c, channels - 1))];
    image.data[4 * i + 3] = 255;
  }
  return image;
}

/** Class colours over the predicted positions; the region strong, the rest faint. */
function overlayImage(p: RegionPicture): ImageData {
  const seg = p.segmentation;
  const colors = classColors(seg.classes);
  const image = new ImageData(seg.width, seg.height);
  for (let i = 0; i < seg.height * seg.width; i++) {
    const k = seg.picks[i];
    const inside = p.weights[i] > 0;
    const [r, g, b] = k >= 0 ? colors[k] : [0, 0, 0];
    image.data.set([r, g, b, inside ? 170 : k >= 0 ? 60 : 0], 4 * i);
    if (inside && k < 0) image.data.set([255, 255, 255, 90], 4 * i);
  }
  return image;
}

function canvasOf(image: ImageData): HTMLCanvasElement {
  const canvas = h('canvas', { width: image.width, height: image.height });
  canvas.getContext('2d')?.putImageData(image, 0, 0);
  return canvas;
}

/**
 * The region view: the input with the predicted segmentation over it (a colour per class) and the explained
 * region in full colour. Dragging on it draws a box, reported in output positions `[top, left, bottom,
 * right]` (bottom and right exclusive) to `onBox`; keyboard users set the box in the panel's number fields.
 */
export class RegionView {
  readonly element = h('canvas', {
    class: 'region-view',
    role: 'img',
    'aria-label': 'The input with the predicted segmentation; drag to draw a box',
  });
  private picture: RegionPicture | undefined;
  private dragFrom: [number, number] | undefined;

  constructor(private readonly onBox: (box: [number, number, number, number]) => void) {
    this.element.addEventListener('pointerdown', (e) => {
      this.dragFrom = this.position(e);
      this.element.setPointerCapture(e.pointerId);
    });
    this.element.addEventListener('pointermove', (e) => {
      if (this.dragFrom) this.drawBox(this.dragFrom, this.position(e));
    });
    this.element.addEventListener('pointerup', (e) => {
      const from = this.dragFrom;
      this.dragFrom = undefined;
      if (!from) return;
      const to = this.position(e);
      this.onBox([
        Math.min(from[0], to[0]),
        Math.min(from[1], to[1]),
        Math.max(from[0], to[0]) + 1,
        Math.max(from[1], to[1]) + 1,
      ]);
    });
  }

  /** Output position (row, column) under a pointer event. */
  private position(e: PointerEvent): [number, number] {
    const seg = this.picture?.segmentation;
    const rect = this.element.getBoundingClientRect();
    if (!seg || rect.width === 0) return [0, 0];
    const row = Math.floor(((e.clientY - rect.top) / rect.height) * seg.height);
    const col = Math.floor(((e.clientX - rect.left) / rect.width) * seg.width);
    return [Math.min(Math.max(row, 0), seg.height - 1), Math.min(Math.max(col, 0), seg.width - 1)];
  }

  /** Draws a picture (kept, to redraw under a box being dragged). */
  draw(picture: RegionPicture): void {
    this.picture = picture;
    const [height, width] = picture.inputShape;
    const scale = SIDE / Math.max(height, width);
    this.element.width = Math.round(width * scale);
    this.element.height = Math.round(height * scale);
    const ctx = this.element.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(canvasOf(inputImage(picture)), 0, 0, this.element.width, this.element.height);
    ctx.drawImage(canvasOf(overlayImage(picture)), 0, 0, this.element.width, this.element.height);
  }

  private drawBox(from: [number, number], to: [number, number]): void {
    const picture = this.picture;
    const ctx = this.element.getContext('2d');
    if (!picture || !ctx) return;
    this.draw(picture);
    const seg = picture.segmentation;
    const sy = this.element.height / seg.height;
    const sx = this.element.width / seg.width;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 2;
    const top = Math.min(from[0], to[0]);
    const left = Math.min(from[1], to[1]);
    ctx.strokeRect(
      left * sx,
      top * sy,
      (Math.abs(to[1] - from[1]) + 1) * sx,
      (Math.abs(to[0] - from[0]) + 1) * sy,
    );
  }
}
