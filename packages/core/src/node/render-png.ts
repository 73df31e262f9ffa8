import type { ImageInput } from '../image/image-source.js';
import {
  type AttributionSource,
  type RenderOptions,
  renderAttribution,
} from '../render/render-attribution.js';
import { encodeRgbaPng } from './encode-png.js';

/**
 * Renders an attribution (core's `renderAttribution`: the same views, colormaps, sign filter and
 * percentile clip as `<loupe-heatmap>`) and encodes it as PNG bytes: RGB when every pixel is opaque,
 * RGBA otherwise (`alpha` view, `side-by-side` gap). Write the result with `fs.writeFile`.
 *
 * ```ts
 * const ig = await explain(model, digit, { method: 'integrated-gradients' });
 * await writeFile('ig.png', await renderAttributionPng(ig, { image: digit, scale: 8 }));
 * ```
 */
export async function renderAttributionPng(
  attribution: AttributionSource,
  options: RenderOptions & { image?: ImageInput } = {},
): Promise<Uint8Array> {
  return encodeRgbaPng(await renderAttribution(attribution, options));
}
