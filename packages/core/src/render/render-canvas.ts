import { OptionError } from '../errors.js';
import type { CanvasLike } from '../image/canvas.js';
import type { ImageInput } from '../image/image-source.js';
import {
  type AttributionSource,
  type RenderedAttribution,
  type RenderOptions,
  renderAttribution,
} from './render-attribution.js';

/** A rendered attribution as a DOM `ImageData` (browsers, and any runtime with the constructor). */
export function renderedToImageData(rendered: RenderedAttribution): ImageData {
  if (typeof ImageData !== 'function') {
    throw new OptionError(
      "ImageData does not exist here; use the RGBA bytes of renderAttribution, or renderAttributionPng from '@loupe/core/node'.",
    );
  }
  return new ImageData(rendered.data, rendered.width, rendered.height);
}

/** Draws a rendered attribution on a canvas, resizing the canvas to it. */
export function paintRendered(canvas: CanvasLike, rendered: RenderedAttribution): void {
  canvas.width = rendered.width;
  canvas.height = rendered.height;
  const context = canvas.getContext('2d') as
    | CanvasRenderingContext2D
    | OffscreenCanvasRenderingContext2D
    | null;
  if (context === null)
    throw new OptionError('The canvas has no 2-D context (is it already used for WebGL?).');
  context.putImageData(renderedToImageData(rendered), 0, 0);
}

/**
 * Renders an attribution (see `renderAttribution`) and draws it on `canvas`, or on a new `OffscreenCanvas`
 * (a `<canvas>` where there is none). Resolves to the canvas and what was drawn (size, clip, colormap).
 */
export async function renderAttributionToCanvas<C extends CanvasLike = CanvasLike>(
  attribution: AttributionSource,
  options: RenderOptions & { image?: ImageInput; canvas?: C } = {},
): Promise<{ canvas: C; rendered: RenderedAttribution }> {
  const rendered = await renderAttribution(attribution, options);
  let canvas: CanvasLike | undefined = options.canvas;
  if (canvas === undefined) {
    if (typeof OffscreenCanvas === 'function') canvas = new OffscreenCanvas(rendered.width, rendered.height);
    else if (typeof document !== 'undefined') canvas = document.createElement('canvas');
    else {
      throw new OptionError(
        "renderAttributionToCanvas needs a canvas; in Node use renderAttributionPng from '@loupe/core/node'.",
      );
    }
  }
  paintRendered(canvas, rendered);
  return { canvas: canvas as C, rendered };
}
