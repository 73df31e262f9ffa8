/**
 * Freehand strokes on a canvas from pointer events (mouse, pen with pressure, touch): light ink on black,
 * the way MNIST digits look. The canvas needs `touch-action: none` so touch draws instead of scrolling.
 */
export class DrawingPad {
  private last: { x: number; y: number } | undefined;
  private inked = false;

  /** `lineWidth` is in canvas pixels at full pen pressure (mouse and touch count as pressure 0.5 → 1×). */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly lineWidth: number,
  ) {
    this.clear();
  }

  /** True once something has been drawn since the last clear. */
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

  down(event: PointerEvent): void {
    this.canvas.setPointerCapture?.(event.pointerId);
    this.last = this.point(event);
    this.stroke(event, this.last);
  }

  move(event: PointerEvent): void {
    if (this.last === undefined) return;
    const next = this.point(event);
    this.stroke(event, next);
    this.last = next;
  }

  /** Ends a stroke; returns whether one was in progress. */
  up(): boolean {
    const drawing = this.last !== undefined;
    this.last = undefined;
    return drawing;
  }

  private point(event: PointerEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * this.canvas.width,
      y: ((event.clientY - rect.top) / rect.height) * this.canvas.height,
    };
  }

  private stroke(event: PointerEvent, to: { x: number; y: number }): void {
    const context = this.canvas.getContext('2d');
    if (context === null || this.last === undefined) return;
    // Mouse and most touch screens report 0.5 while pressed; pens report real pressure.
    const pressure = event.pointerType === 'pen' && event.pressure > 0 ? event.pressure : 0.5;
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
