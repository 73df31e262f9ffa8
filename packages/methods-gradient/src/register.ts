import { type ExplainerPlugin, listExplainers, registerExplainer } from '@loupe/core';
import { layerExplainers } from './layer/index.js';
import { relevanceExplainers } from './relevance/index.js';
import { smoothGradExplainer } from './smooth-grad.js';
import { SMOOTHABLE_EXPLAINERS } from './wrappable-methods.js';
import { xraiExplainer } from './xrai/xrai.js';

/**
 * The input-attribution explainers of this package (gradient family, SmoothGrad, Guided IG, XRAI, then LRP and DeepLIFT), in registration
 * order: each gives a map of the input's shape for the default options. The layer, neuron and token methods,
 * which need a layer (or token ids), are `layerExplainers`; `registerGradientMethods` registers both.
 */
export const gradientExplainers: readonly ExplainerPlugin<Record<string, unknown>>[] = [
  ...SMOOTHABLE_EXPLAINERS,
  smoothGradExplainer as unknown as ExplainerPlugin<Record<string, unknown>>,
  xraiExplainer as unknown as ExplainerPlugin<Record<string, unknown>>,
  ...(relevanceExplainers as unknown as readonly ExplainerPlugin<Record<string, unknown>>[]),
];

/**
 * Registers all of this package's explainers (`gradientExplainers`, then `layerExplainers`) with core's registry (for `explain(model, x, { method })`
 * and the UI). Ids already registered are skipped, so calling it twice is harmless. Importing the package
 * registers nothing.
 */
export function registerGradientMethods(): void {
  const taken = new Set(listExplainers().map((p) => p.id));
  for (const plugin of [...gradientExplainers, ...layerExplainers]) {
    if (!taken.has(plugin.id)) registerExplainer(plugin);
  }
}
