/**
 * One attribution renderer for every front end (scripts, the web components, the CLI): channel
 * reduction, sign filter, percentile clip, colormaps and six views, as RGBA bytes anywhere, on a canvas in
 * browsers, and as PNG bytes through `renderAttributionPng` in `@loupe/core/node`.
 */
export {
  applySign,
  CHANNEL_REDUCTIONS,
  type ChannelReduction,
  clipValue,
  HEATMAP_SIGNS,
  type HeatmapSign,
  normalizeByClip,
  reduceChannels,
  resizeBilinear,
  type ScalarMap,
} from './attribution-map.js';
export {
  type ColormapName,
  type ColorTable,
  colorTable,
  DIVERGING_COLORMAPS,
  type DivergingColormap,
  isColormapName,
  isDiverging,
  lookupColor,
  SEQUENTIAL_COLORMAPS,
  type SequentialColormap,
} from './colormaps.js';
export {
  type ComposeInput,
  composedSize,
  composeHeatmap,
  DEFAULT_DIM,
  HEATMAP_MODES,
  type HeatmapMode,
  sideBySideGap,
} from './compose.js';
export {
  type AttributionSource,
  attributionMap,
  defaultColormap,
  type RenderedAttribution,
  type RenderOptions,
  readAttributionValues,
  renderAttribution,
  renderScalarMap,
} from './render-attribution.js';
export { renderAttributionToCanvas, renderedToImageData } from './render-canvas.js';
