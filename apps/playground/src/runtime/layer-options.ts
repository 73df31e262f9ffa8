import type { ExplainerPlugin, LayerInfo } from '@loupe/core';
import type { AppState } from '../state/app-state.js';

/** Whether a method takes the picked layer: it has a `layer` option, and the layer suits its filter. */
export function takesLayer(plugin: ExplainerPlugin, layer: LayerInfo | undefined): boolean {
  const spec = plugin.params.layer;
  if (spec?.type !== 'layer' || !layer) return false;
  return spec.filter !== 'spatial' || layer.spatial;
}

/** Whether a method has a neuron index option (`neuron`), as neuron attribution methods do. */
export function takesNeuron(plugin: ExplainerPlugin): boolean {
  return plugin.params.neuron?.type === 'number';
}

/**
 * A method's options with the layer picker's choice applied: `layer` for methods that take the picked layer,
 * `neuron` and `neuronMode` for methods that have them. The method's own form values stay for everything else.
 */
export function withLayerChoice(
  plugin: ExplainerPlugin,
  own: Record<string, unknown>,
  state: Pick<AppState, 'layer' | 'neuron' | 'neuronMode'>,
  layers: readonly LayerInfo[],
): Record<string, unknown> {
  const layer = layers.find((l) => l.name === state.layer);
  const out = { ...own };
  if (takesLayer(plugin, layer)) out.layer = state.layer;
  if (takesNeuron(plugin) && state.neuron !== undefined) out.neuron = state.neuron;
  const mode = plugin.params.neuronMode;
  if (mode?.type === 'enum' && state.neuronMode && mode.values.includes(state.neuronMode))
    out.neuronMode = state.neuronMode;
  return out;
}

/** The options of every chosen method with the layer picker's choice applied (see `withLayerChoice`). */
export function effectiveParams(
  state: AppState,
  plugins: readonly ExplainerPlugin[],
  layers: readonly LayerInfo[],
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = { ...state.params };
  for (const id of state.methods) {
    const plugin = plugins.find((p) => p.id === id);
    if (plugin) out[id] = withLayerChoice(plugin, state.params[id] ?? {}, state, layers);
  }
  return out;
}
