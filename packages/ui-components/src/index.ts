/**
 * @loupe/ui-components: Lit web components that show and embed Loupe explanations. Importing defines
 * nothing and touches no DOM; call `defineLoupeElements()` in the browser, or load the all-in-one
 * `@loupe/ui-components/loupe-embed.js` bundle.
 */
export { LoupeBackendPicker } from './backend-picker.js';
export {
  type ColormapName,
  type ColorTable,
  colorTable,
  DIVERGING_COLORMAPS,
  type DivergingColormap,
  SEQUENTIAL_COLORMAPS,
  type SequentialColormap,
} from './colormaps.js';
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
} from './heatmap-math.js';
export { type ComposeInput, composeHeatmap, HEATMAP_MODES, type HeatmapMode } from './heatmap-render.js';
export type { HeatmapValues } from './heatmap-values.js';
export type { InputPreprocess } from './image-decode.js';
export { type ImageInputDetail, type InputSource, LoupeImageInput } from './image-input.js';
export type { ImageSource } from './image-source.js';
export { type GridScale, LoupeMethodGrid, type MethodCell } from './method-grid.js';
export { detectModelFormat, type ModelFormat } from './model-loader.js';
export { LoupeParams, type ParamsChangeDetail } from './params-form.js';
export { LoupePrototypeGallery } from './prototype-gallery.js';
export type { ClassPrototypesLike, GalleryItem, PrototypeSetLike, RowImages } from './prototype-set.js';
