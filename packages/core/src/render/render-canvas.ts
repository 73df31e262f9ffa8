import { OptionError } from '../errors.js';
import { type CanvasLike, createCanvas, paintImageData } from '../image/canvas.js';
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

/**
 * Renders an attribution (see `renderAttribution`) and draws it on `canvas`, or on a new `OffscreenCanvas`
 * (a `<canvas>` where there is none). Resolves to the canvas and what was drawn (size, clip, colormap).
 */
export async function renderAttributionToCanvas<C extends CanvasLike = CanvasLike>(
  attribution: AttributionSource,
  options: RenderOptions & { image?: ImageInput; canvas?: C } = {},
): Promise<{ canvas: C; rendered: RenderedAttribution }> {
  const rendered = await renderAttribution(attribution, options);
  const canvas = options.canvas ?? createCanvas(rendered.width, rendered.height, 'renderAttributionToCanvas');
  paintImageData(canvas, rendered);
  return { canvas: canvas as C, rendered };
}
