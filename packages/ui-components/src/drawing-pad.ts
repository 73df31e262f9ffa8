import { arrowMove } from './arrow-keys.js';

/** A point in canvas pixels. */
export interface PadPoint {
  x: number;
  y: number;
}

/**
 * Freehand strokes on a canvas from pointer events (mouse, pen with pressure, touch) or from the keyboard:
 * light ink on black, the way MNIST digits look. The canvas needs `touch-action: none` so touch draws
 * instead of scrolling. A picture can be put on the pad first, and strokes then edit it.
 */
export class DrawingPad {
  private last: PadPoint | undefined;
  private inked = false;
  /** The keyboard pen: where it is, and whether it is down (drawing as it moves). */
  readonly keyboardPen = { x: 0, y: 0, down: false };

  /** `lineWidth` is in canvas pixels at full pen pressure (mouse and touch count as pressure 0.5 → 1×). */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly lineWidth: number,
  ) {
    this.keyboardPen.x = canvas.width / 2;
    this.keyboardPen.y = canvas.height / 2;
    this.clear();
  }

  /** True once something has been drawn (or a picture put) since the last clear. */
  get hasInk(): boolean {
    return this.inked;
  }

  clear(): void {
    const context = this.canvas.getContext('2d');
    if (context === null) return;
    context.fillStyle = '#000';
    context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.inked = false;
  }

  /** Puts a picture on the pad, scaled to fill it (smoothly, as a stroke would look), replacing the ink. */
  drawImage(source: CanvasImageSource): void {
    const context = this.canvas.getContext('2d');
    if (context === null) return;
    this.clear();
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    context.drawImage(source, 0, 0, this.canvas.width, this.canvas.height);
    this.inked = true;
  }

  down(event: PointerEvent): void {
    this.canvas.setPointerCapture?.(event.pointerId);
    this.last = this.point(event);
    this.stroke(this.last, pressureOf(event));
  }

  move(event: PointerEvent): void {
    if (this.last === undefined) return;
    const next = this.point(event);
    this.stroke(next, pressureOf(event));
    this.last = next;
  }

  /** Ends a stroke; returns whether one was in progress. */
  up(): boolean {
    const drawing = this.last !== undefined;
    this.last = undefined;
    return drawing;
  }

  /** Lowers or lifts the keyboard pen; lowering inks a dot. Returns whether it is now down. */
  togglePen(): boolean {
    const pen = this.keyboardPen;
    pen.down = !pen.down;
    this.last = pen.down ? { x: pen.x, y: pen.y } : undefined;
    if (pen.down) this.stroke({ x: pen.x, y: pen.y }, 0.5);
    return pen.down;
  }

  /** Moves the keyboard pen by (dx, dy) canvas pixels, inking the way when it is down. */
  movePen(dx: number, dy: number): void {
    const pen = this.keyboardPen;
    pen.x = Math.min(this.canvas.width, Math.max(0, pen.x + dx));
    pen.y = Math.min(this.canvas.height, Math.max(0, pen.y + dy));
    if (!pen.down) return;
    this.stroke({ x: pen.x, y: pen.y }, 0.5);
    this.last = { x: pen.x, y: pen.y };
  }

  /**
   * Handles a key on the pad: arrows move the keyboard pen (10 px, Shift 40), Space lowers or lifts it,
   * Enter lifts it. Returns `'use'` when the drawing should become the input (pen lifted), `'moved'` for
   * other handled keys, and undefined for keys it does not use.
   */
  key(event: KeyboardEvent): 'use' | 'moved' | undefined {
    const move = arrowMove(event.key, event.shiftKey ? 40 : 10);
    if (move) {
      this.movePen(...move);
      return 'moved';
    }
    if (event.key === ' ') return this.togglePen() ? 'moved' : 'use';
    if (event.key !== 'Enter') return undefined;
    if (this.keyboardPen.down) this.togglePen();
    return 'use';
  }

  private point(event: PointerEvent): PadPoint {
    const rect = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * this.canvas.width,
      y: ((event.clientY - rect.top) / rect.height) * this.canvas.height,
    };
  }

  private stroke(to: PadPoint, pressure: number): void {
    const context = this.canvas.getContext('2d');
    if (context === null || this.last === undefined) return;
    context.strokeStyle = '#fff';
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.lineWidth = this.lineWidth * pressure * 2;
    context.beginPath();
    context.moveTo(this.last.x, this.last.y);
    context.lineTo(to.x + 0.01, to.y);
    context.stroke();
    this.inked = true;
  }
}

/** Mouse and most touch screens report 0.5 while pressed; pens report real pressure. */
function pressureOf(event: PointerEvent): number {
  return event.pointerType === 'pen' && event.pressure > 0 ? event.pressure : 0.5;
}
