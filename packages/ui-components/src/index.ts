/**
 * @loupe/ui-components: Lit web components that show and embed Loupe explanations. Importing defines
 * nothing and touches no DOM; call `defineLoupeElements()` in the browser, or load the all-in-one
 * `@loupe/ui-components/loupe-embed.js` bundle.
 */

// The renderer's pieces live in @loupe/core (one implementation for scripts, the CLI and these
// components); they stay exported here under the names this package has always had.
export {
  applySign,
  CHANNEL_REDUCTIONS,
  type ChannelReduction,
  type ColormapName,
  type ColorTable,
  type ComposeInput,
  clipValue,
  colorTable,
  composeHeatmap,
  DIVERGING_COLORMAPS,
  type DivergingColormap,
  HEATMAP_MODES,
  HEATMAP_SIGNS,
  type HeatmapMode,
  type HeatmapSign,
  normalizeByClip,
  reduceChannels,
  resizeBilinear,
  type ScalarMap,
  SEQUENTIAL_COLORMAPS,
  type SequentialColormap,
} from '@loupe/core';
export { LoupeBackendPicker } from './backend-picker.js';
export { LoupeCurve } from './curve.js';
export { type CurveKind, type CurveSeries, trapezoidArea } from './curve-math.js';
export { defineLoupeElements, LOUPE_ELEMENTS } from './define.js';
export { describeRegions } from './describe-regions.js';
export { type EmbeddingPointDetail, LoupeEmbeddingPlot } from './embedding-plot.js';
export { type ExplainerErrorDetail, type ExplainerResultDetail, LoupeExplainer } from './explainer.js';
export { type ExplainerPreprocess, type Prediction, predictClass } from './explainer-run.js';
export {
  DEFAULT_REGIMES,
  type FeatureVizFrame,
  type FeatureVizRegime,
  type FeatureVizRequest,
  type FeatureVizRun,
  LoupeFeatureViz,
} from './feature-viz.js';
export { type HeatmapHoverDetail, type HeatmapRenderDetail, LoupeHeatmap } from './heatmap.js';
export type { HeatmapValues } from './heatmap-values.js';
export type { InputPreprocess } from './image-decode.js';
export { type ImageInputDetail, type InputSource, LoupeImageInput } from './image-input.js';
export type { ImageSource } from './image-source.js';
export { type GridScale, LoupeMethodGrid, type MethodCell } from './method-grid.js';
export { detectModelFormat, type ModelFormat } from './model-loader.js';
export { LoupeParams, type ParamsChangeDetail } from './params-form.js';
export type { View as PlotView } from './plot-view.js';
export { LoupePrototypeGallery } from './prototype-gallery.js';
export type { ClassPrototypesLike, GalleryItem, PrototypeSetLike, RowImages } from './prototype-set.js';
export { LoupeTextAttribution, type TokenFocusDetail } from './text-attribution.js';
export { type TokenColor, type TokenColorOptions, tokenColors } from './token-colors.js';
