import { type MethodCell, predictClass } from '@loupe/ui-components';
import type { AppContext } from '../app-context.js';
import { type MethodOutcome, runAttributions } from '../runtime/run-attributions.js';
import { TaskSlot } from '../runtime/task-slot.js';
import { h, loupeElement, replace } from '../ui/dom.js';
import { StatusLine } from '../ui/status-line.js';
import { createInputPanel } from './input-panel.js';
import { createMethodPicker } from './method-picker.js';
import { renderPrediction } from './prediction-view.js';

function maxAbs(values: Float32Array): number {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * The Attribute tab: an input, the prediction, the chosen methods with their options, and their
 * heatmaps side by side with time and backend. Re-runs when the input, model or backend changes.
 */
export function createAttributeTab(ctx: AppContext): HTMLElement {
  const predictionView = h('div', { class: 'prediction-view', 'aria-live': 'polite' });
  const status = new StatusLine('attribute');
  const slot = new TaskSlot(status);
  const grid = loupeElement('loupe-method-grid');
  const errors = h('ul', { class: 'errors' });
  grid.addEventListener('loupe-render', () => {
    ctx.hook.firstHeatmapAt ??= performance.now();
  });
  const run = async () => {
    const { session, input } = ctx;
    if (!session || !input) return;
    const prediction = await predictClass(session.model, input.x);
    renderPrediction(predictionView, prediction, session.classNames);
    ctx.hook.prediction = prediction;
    replace(errors);
    grid.image = input.display;
    const cells: MethodCell[] = [];
    grid.cells = [];
    const show = (outcome: MethodOutcome) => {
      if ('error' in outcome) {
        errors.append(h('li', { class: 'error', role: 'alert' }, `${outcome.method}: ${outcome.error}`));
        return;
      }
      const r = outcome.result;
      cells.push({
        method: r.method,
        label: r.label,
        attribution: { values: r.values, shape: r.shape },
        millis: r.millis,
        backend: r.backend,
      });
      grid.cells = [...cells];
      const delta = r.meta.convergenceDelta;
      ctx.hook.attributions[r.method] = {
        millis: r.millis,
        backend: r.backend,
        inputVersion: input.version,
        sum: r.values.reduce((s, v) => s + v, 0),
        maxAbs: maxAbs(r.values),
        ...(Array.isArray(delta) ? { convergenceDelta: Number(delta[0]) } : {}),
      };
    };
    await slot.run('Explaining', (signal, onProgress) =>
      runAttributions({
        session,
        input,
        methods: ctx.state.methods,
        params: ctx.state.params,
        store: ctx.attributions,
        target: prediction.index,
        signal,
        onProgress,
        onResult: show,
      }),
    );
  };
  const rerun = () => void run().catch((err) => status.fail(err));
  for (const event of ['input', 'backend']) ctx.events.addEventListener(event, rerun);
  const runButton = h('button', { type: 'button', class: 'primary', onclick: rerun }, 'Explain');
  const stopButton = h('button', { type: 'button', onclick: () => slot.cancel() }, 'Stop');
  return h(
    'div',
    { class: 'tab-body attribute' },
    h('div', { class: 'column' }, createInputPanel(ctx), predictionView),
    h(
      'div',
      { class: 'column wide' },
      createMethodPicker(ctx, rerun),
      h('div', { class: 'row' }, runButton, stopButton, status.element),
      errors,
      grid,
    ),
  );
}
