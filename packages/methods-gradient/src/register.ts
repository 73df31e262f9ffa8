import { type ExplainerPlugin, listExplainers, registerExplainer } from '@loupe/core';
import { relevanceExplainers } from './relevance/index.js';
import { smoothGradExplainer } from './smooth-grad.js';
import { SMOOTHABLE_EXPLAINERS } from './wrappable-methods.js';
import { xraiExplainer } from './xrai/xrai.js';

/** Every explainer of this package (gradient family, SmoothGrad, XRAI, then LRP and DeepLIFT), in registration order. */
export const gradientExplainers: readonly ExplainerPlugin<Record<string, unknown>>[] = [
  ...SMOOTHABLE_EXPLAINERS,
  smoothGradExplainer as unknown as ExplainerPlugin<Record<string, unknown>>,
  xraiExplainer as unknown as ExplainerPlugin<Record<string, unknown>>,
  ...(relevanceExplainers as unknown as readonly ExplainerPlugin<Record<string, unknown>>[]),
];

/**
 * Registers all of this package's explainers with core's registry (for `explain(model, x, { method })`
 * and the UI). Ids already registered are skipped, so calling it twice is harmless. Importing the package
 * registers nothing.
 */
export function registerGradientMethods(): void {
  const taken = new Set(listExplainers().map((p) => p.id));
  for (const plugin of gradientExplainers) {
    if (!taken.has(plugin.id)) registerExplainer(plugin);
  }
}
