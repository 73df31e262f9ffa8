import type { ColorTable, HeatmapSign } from '@loupe/core';
import { html, type TemplateResult } from 'lit';
import { formatValue } from './heatmap-values.js';

/** Paints a colour table as a 256×1 strip (stretched by CSS into the legend bar). */
export function paintColorbar(canvas: HTMLCanvasElement, table: ColorTable): void {
  canvas.width = 256;
  canvas.height = 1;
  const context = canvas.getContext('2d');
  if (context === null) return;
  const pixels = new ImageData(256, 1);
  for (let k = 0; k < 256; k++) {
    pixels.data.set([table[3 * k], table[3 * k + 1], table[3 * k + 2], 255], 4 * k);
  }
  context.putImageData(pixels, 0, 0);
}

/** The tick labels under the legend bar: the clip value at the ends, and 0 where the scale has it. */
export function colorbarTicks(sign: HeatmapSign, clip: number): TemplateResult {
  const end = formatValue(clip);
  if (sign === 'all') {
    return html`<span>−${end}</span><span>0</span><span>${end}</span>`;
  }
  const top = sign === 'negative' ? `−${end}` : end;
  return html`<span>0</span><span>${top}</span>`;
}
