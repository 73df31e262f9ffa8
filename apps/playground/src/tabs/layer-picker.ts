import { type ExplainerPlugin, type LayerInfo, listExplainers } from '@loupe/core';
import type { AppContext } from '../app-context.js';
import { takesLayer, takesNeuron } from '../runtime/layer-options.js';
import { h, replace } from '../ui/dom.js';

/** "conv1 · Conv2D · 26×26×8": a layer as one line of the picker. */
function layerLabel(layer: LayerInfo): string {
  const shape = layer.outputShape.slice(1);
  const dims = shape.length ? ` · ${shape.map((d) => d ?? '?').join('×')}` : '';
  return `${layer.name} · ${layer.className}${dims}`;
}

function chosenPlugins(ctx: AppContext): ExplainerPlugin[] {
  const plugins = listExplainers();
  return ctx.state.methods
    .map((id) => plugins.find((p) => p.id === id))
    .filter((p): p is ExplainerPlugin => p !== undefined);
}

/**
 * The inner-layer picker of the Attribute tab: the model's layers (LayersModel layers, or GraphModel
 * nodes) with their class and output shape. The picked layer goes to every chosen method with a `layer`
 * option it suits (Grad-CAM's spatial layers; layer and neuron attribution), and a neuron index (with unit
 * or channel mode) to methods with a `neuron` option; a note says which methods use the choice.
 * `refresh()` redraws it for a new model or a new set of methods.
 */
export function createLayerPicker(
  ctx: AppContext,
  onChange: () => void,
): { element: HTMLElement; refresh(): void } {
  const select = h('select', { id: 'layer-picker', 'aria-describedby': 'layer-note' });
  const neuron = h('input', { type: 'number', id: 'neuron-index', min: 0, step: 1, placeholder: 'none' });
  const mode = h('select', { id: 'neuron-mode' });
  const note = h('p', { class: 'muted layer-note', id: 'layer-note', 'aria-live': 'polite' });
  const neuronRow = h(
    'div',
    { class: 'row neuron-row' },
    h('label', { for: 'neuron-index' }, 'Neuron '),
    neuron,
    h('label', { for: 'neuron-mode' }, ' as '),
    mode,
  );
  const layers = () => ctx.session?.model.layers ?? [];
  const describe = () => {
    const picked = layers().find((l) => l.name === ctx.state.layer);
    const chosen = chosenPlugins(ctx);
    const users = chosen.filter((p) => takesLayer(p, picked)).map((p) => p.label);
    const neuronUsers = chosen.filter(takesNeuron);
    neuronRow.hidden = neuronUsers.length === 0;
    if (!picked) note.textContent = 'Each method uses its own default layer.';
    else if (users.length === 0)
      note.textContent = `No chosen method takes ${picked.name}: choose Grad-CAM (needs a spatial layer) or a layer or neuron method.`;
    else note.textContent = `Used by: ${users.join(', ')}.`;
  };
  const refresh = () => {
    replace(
      select,
      h('option', { value: '' }, 'each method’s default'),
      ...layers().map((l) => h('option', { value: l.name }, layerLabel(l))),
    );
    select.value = layers().some((l) => l.name === ctx.state.layer) ? ctx.state.layer : '';
    neuron.value = ctx.state.neuron === undefined ? '' : String(ctx.state.neuron);
    replace(
      mode,
      h('option', { value: '' }, 'default'),
      h('option', { value: 'unit' }, 'one unit'),
      h('option', { value: 'channel' }, 'a channel'),
    );
    mode.value = ctx.state.neuronMode ?? '';
    describe();
  };
  select.addEventListener('change', () => {
    ctx.update({ layer: select.value });
    describe();
    onChange();
  });
  neuron.addEventListener('change', () => {
    const n = Number(neuron.value);
    ctx.update({ neuron: neuron.value !== '' && Number.isInteger(n) && n >= 0 ? n : undefined });
    onChange();
  });
  mode.addEventListener('change', () => {
    ctx.update({ neuronMode: mode.value || undefined });
    onChange();
  });
  ctx.events.addEventListener('model', refresh);
  refresh();
  const element = h(
    'section',
    { class: 'layer-picker', 'aria-label': 'Inner layer' },
    h('label', { for: 'layer-picker' }, 'Inner layer '),
    select,
    neuronRow,
    note,
  );
  return { element, refresh };
}
