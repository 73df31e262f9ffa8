import type { Preset } from '@loupe/methods-optimization';
import { type FeatureVizRequest, LoupeFeatureViz } from '@loupe/ui-components';
import type { AppContext, TabPanel } from '../app-context.js';
import { runVisualization } from '../runtime/run-visualization.js';
import type { VizTarget } from '../state/app-state.js';
import { defineElements } from '../ui/define.js';
import { h, loupeElement, numberField, replace } from '../ui/dom.js';

const REGIMES: { id: Preset; label: string; help: string }[] = [
  {
    id: 'score-only',
    label: 'Class score only',
    help: 'Gradient ascent on the score in pixel space: confidently classified noise.',
  },
  {
    id: 'expert-prior',
    label: 'Expert prior',
    help: 'Score + λ·log p(x): L2, total variation, blur, jitter, zoom and rotation.',
  },
  {
    id: 'code-space',
    label: 'Code space',
    help: 'Optimises the code z of the shipped VAE decoder, so the image is always g(z).',
  },
];

/** The target picker: a class, or a channel of a layer (any layer with a channel axis). */
function createTargetPicker(ctx: AppContext): HTMLElement {
  const box = h('div', { class: 'row target' });
  const render = () => {
    const session = ctx.session;
    if (!session) return;
    const viz = ctx.state.viz;
    const kind = h(
      'select',
      { 'aria-label': 'Target kind' },
      h('option', { value: 'class', selected: viz.kind === 'class' }, 'class'),
      h('option', { value: 'unit', selected: viz.kind === 'unit' }, 'unit'),
    );
    const set = (next: VizTarget) => {
      ctx.update({ viz: next });
      render();
    };
    const layers = session.model.layers.filter((l) => l.outputShape.length >= 2);
    kind.addEventListener('change', () =>
      set(
        kind.value === 'class'
          ? { kind: 'class', index: 0 }
          : { kind: 'unit', layer: layers[0]?.name ?? '', channel: 0 },
      ),
    );
    if (viz.kind === 'class') {
      const cls = h(
        'select',
        { 'aria-label': 'Class' },
        ...session.classNames.map((name, i) => h('option', { value: i, selected: i === viz.index }, name)),
      );
      cls.addEventListener('change', () => set({ kind: 'class', index: Number(cls.value) }));
      replace(box, 'Maximize ', kind, ' ', cls);
    } else {
      const layer = h(
        'select',
        { 'aria-label': 'Layer' },
        ...layers.map((l) =>
          h(
            'option',
            { value: l.name, selected: l.name === viz.layer },
            `${l.name} (${l.outputShape.slice(1).join('×')})`,
          ),
        ),
      );
      layer.addEventListener('change', () => set({ kind: 'unit', layer: layer.value, channel: 0 }));
      const units = layers.find((l) => l.name === viz.layer)?.outputShape.at(-1) ?? 1;
      replace(
        box,
        'Maximize ',
        kind,
        ' ',
        layer,
        numberField(
          ' channel',
          viz.channel,
          (n) => set({ ...viz, channel: Math.min(Number(units) - 1, Math.max(0, Math.round(n))) }),
          { min: 0, max: Number(units) - 1 },
        ),
      );
    }
  };
  render();
  ctx.events.addEventListener('model', render);
  return box;
}

/**
 * The Visualize tab: activation maximization of a class or unit in the three regimes side by side
 * (`<loupe-feature-viz>` each), live frames, and how the model classifies each final image.
 */
export function createVisualizeTab(ctx: AppContext): TabPanel {
  defineElements({ 'loupe-feature-viz': LoupeFeatureViz });
  const views: LoupeFeatureViz[] = [];
  const columns = REGIMES.map((regime) => {
    const view = loupeElement('loupe-feature-viz');
    view.regimes = [{ id: regime.id, label: regime.label }];
    view.regime = regime.id;
    view.dataset.regime = regime.id;
    const verdict = h('p', { class: 'verdict', 'aria-live': 'polite' });
    view.run = async (request: FeatureVizRequest) => {
      const session = ctx.session;
      if (!session) throw new Error('No model is loaded yet.');
      replace(verdict);
      const target = ctx.state.viz;
      const outcome = await runVisualization({
        session,
        target,
        preset: regime.id,
        steps: ctx.state.vizSteps,
        signal: request.signal,
        onFrame: request.onFrame,
      });
      const name = (i: number) => session.classNames[i] ?? String(i);
      replace(
        verdict,
        `Classified as ${name(outcome.predicted)} (${(outcome.probability * 100).toFixed(1)}%)`,
      );
      ctx.hook.visualize[regime.id] = {
        target: target.kind === 'class' ? target.index : -1,
        predicted: outcome.predicted,
        probability: outcome.probability,
        steps: outcome.steps,
      };
      return outcome;
    };
    views.push(view);
    return h(
      'section',
      { class: 'regime', 'aria-label': regime.label },
      h('h3', {}, regime.label),
      h('p', { class: 'muted' }, regime.help),
      view,
      verdict,
    );
  });
  const runAll = async () => {
    for (const view of views) await view.start();
  };
  const element = h(
    'div',
    { class: 'tab-body visualize' },
    h(
      'div',
      { class: 'row' },
      createTargetPicker(ctx),
      numberField('Steps', ctx.state.vizSteps, (n) => ctx.update({ vizSteps: Math.max(1, Math.round(n)) }), {
        min: 1,
        max: 1000,
        'aria-label': 'Optimization steps',
      }),
      h('button', { type: 'button', class: 'primary', onclick: () => void runAll() }, 'Run all three'),
    ),
    h('div', { class: 'regimes' }, ...columns),
  );
  return { element };
}
