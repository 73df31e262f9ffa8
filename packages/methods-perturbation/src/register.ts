import { type ExplainerPlugin, listExplainers, registerExplainer } from '@loupe/core';
import { featureAblationPlugin } from './plugins/feature-ablation-plugin.js';
import { kernelShapPlugin } from './plugins/kernel-shap-plugin.js';
import { limePlugin } from './plugins/lime-plugin.js';
import { occlusionPlugin } from './plugins/occlusion-plugin.js';
import { risePlugin } from './plugins/rise-plugin.js';

/** Every explainer of this package, in the order a UI lists them. */
export const perturbationPlugins: readonly ExplainerPlugin<never>[] = [
  occlusionPlugin,
  featureAblationPlugin,
  risePlugin,
  limePlugin,
  kernelShapPlugin,
] as unknown as readonly ExplainerPlugin<never>[];

/**
 * Registers occlusion, feature-ablation, rise, lime and kernel-shap with `@loupe/core`'s registry, skipping
 * ids already registered (calling it twice is harmless). Importing this package registers nothing.
 * Returns the ids it registered now.
 */
export function registerPerturbationMethods(): string[] {
  const taken = new Set(listExplainers().map((p) => p.id));
  const added: string[] = [];
  for (const plugin of perturbationPlugins) {
    if (taken.has(plugin.id)) continue;
    registerExplainer(plugin);
    added.push(plugin.id);
  }
  return added;
}
