import { type HeatmapMode, listExplainers, type Target } from '@loupe/core';
import { type GridScale, type MethodCell, predictClass } from '@loupe/ui-components';
import type { AppContext, TabPanel } from '../app-context.js';
import type { RegionMode } from '../region/region-mode.js';
import type { ResolvedRegion } from '../region/region-target.js';
import { effectiveParams } from '../runtime/layer-options.js';
import { type MethodOutcome, runAttributions } from '../runtime/run-attributions.js';
import { TaskSlot } from '../runtime/task-slot.js';
import { h, loupeElement } from '../ui/dom.js';
import { StatusLine } from '../ui/status-line.js';
import { createInputPanel } from './input-panel.js';
import { createLayerPicker } from './layer-picker.js';
import { finishedCell, pendingCell } from './method-cells.js';
import { createMethodPicker } from './method-picker.js';
import { renderPrediction } from './prediction-view.js';

function maxAbs(values: Float32Array): number {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * The Attribute tab: the input (on the pad, editable), the prediction, and a card per chosen method
 * (what it shows, its paper, its progress while it runs, then its heatmap with time and backend), with
 * the method picker and its options below. Re-runs when the input, model or backend changes.
 */
export function createAttributeTab(ctx: AppContext): TabPanel {
  const predictionView = h('div', { class: 'prediction-view', 'aria-live': 'polite' });
  const status = new StatusLine('attribute');
  const slot = new TaskSlot(status);
  const grid = loupeElement('loupe-method-grid');
  grid.mode = ctx.state.view;
  grid.scale = ctx.state.scale;
  grid.addEventListener('loupe-mode-change', (e) =>
    ctx.update({ view: (e as CustomEvent<{ mode: HeatmapMode }>).detail.mode }),
  );
  grid.addEventListener('loupe-scale-change', (e) =>
    ctx.update({ scale: (e as CustomEvent<{ scale: GridScale }>).detail.scale }),
  );
  grid.addEventListener('loupe-render', () => {
    ctx.hook.firstHeatmapAt ??= performance.now();
  });
  const record = (outcome: MethodOutcome, inputVersion: number, region: string | undefined) => {
    if ('error' in outcome) return;
    const r = outcome.result;
    const delta = r.meta.convergenceDelta;
    ctx.hook.attributions[r.method] = {
      millis: r.millis,
      backend: r.backend,
      inputVersion,
      sum: r.values.reduce((s, v) => s + v, 0),
      maxAbs: maxAbs(r.values),
      ...(Array.isArray(delta) ? { convergenceDelta: Number(delta[0]) } : {}),
      ...(typeof r.meta.layer === 'string' ? { layer: r.meta.layer } : {}),
      ...(region === undefined ? {} : { region }),
    };
  };
  // The region mode's code loads with the first model that has a dense output.
  let regionMode: Promise<RegionMode> | undefined;
  const regionSlot = h('div', { class: 'region-slot' });
  const legendNote = h('p', { class: 'muted legend-note' });
  const showMode = () => {
    const dense = ctx.session?.dense != null;
    regionSlot.hidden = !dense;
    legendNote.textContent = dense
      ? 'Red: evidence for the region’s class; blue: against; the input is dimmed underneath.'
      : 'Red: evidence for the predicted class; blue: against; the input is dimmed underneath.';
    if (dense && !regionMode) {
      regionMode = import('../region/region-mode.js').then((m) => {
        const mode = m.createRegionMode(ctx, rerun);
        regionSlot.append(mode.element);
        return mode;
      });
    }
  };
  /** The target of a run: the predicted class, or the region chosen in region mode (null: nothing to explain). */
  const targetOf = async (): Promise<{ target: Target; region?: ResolvedRegion } | null> => {
    const { session, input } = ctx;
    if (!session || !input) return null;
    if (session.dense) {
      const mode = await (regionMode as Promise<RegionMode>);
      try {
        const region = await mode.prepare(session, input, predictionView);
        return { target: region.target, region };
      } catch (err) {
        status.fail(err);
        grid.cells = [];
        return null;
      }
    }
    const prediction = await predictClass(session.model, input.x);
    renderPrediction(predictionView, prediction, session.classNames);
    ctx.hook.prediction = prediction;
    return { target: prediction.index };
  };
  const run = async () => {
    const { session, input } = ctx;
    if (!session || !input) return;
    showMode();
    const chosen = await targetOf();
    if (!chosen) return;
    try {
      await explainFor(chosen.target, chosen.region?.key);
    } finally {
      chosen.region?.dispose();
    }
  };
  const explainFor = async (target: Target, targetKey: string | undefined) => {
    const { session, input } = ctx;
    if (!session || !input) return;
    grid.image = input.display;
    const cells = new Map<string, MethodCell>(ctx.state.methods.map((m) => [m, pendingCell(m)]));
    const draw = () => {
      grid.cells = [...cells.values()];
    };
    draw();
    await slot.run('Explaining', (signal, onProgress) =>
      runAttributions({
        session,
        input,
        methods: ctx.state.methods,
        params: effectiveParams(ctx.state, listExplainers(), session.model.layers),
        store: ctx.attributions,
        target,
        targetKey,
        signal,
        onProgress,
        onMethodProgress: (method, progress) => {
          const cell = cells.get(method);
          if (!cell || cell.attribution) return;
          cells.set(method, { ...cell, progress });
          draw();
        },
        onResult: (outcome) => {
          const cell = cells.get(outcome.method) ?? pendingCell(outcome.method);
          cells.set(outcome.method, finishedCell(cell, outcome));
          draw();
          record(outcome, input.version, targetKey);
        },
      }),
    );
  };
  const rerun = () => void run().catch((err) => status.fail(err));
  for (const event of ['input', 'backend']) ctx.events.addEventListener(event, rerun);
  const layerPicker = createLayerPicker(ctx, rerun);
  const runButton = h('button', { type: 'button', class: 'primary', onclick: rerun }, 'Explain');
  const stopButton = h('button', { type: 'button', onclick: () => slot.cancel() }, 'Stop');
  const element = h(
    'div',
    { class: 'tab-body attribute' },
    h('div', { class: 'column input-column' }, createInputPanel(ctx), predictionView, regionSlot),
    h(
      'section',
      { class: 'column wide results', 'aria-label': 'Explanations' },
      h('h2', {}, 'Which pixels made the model decide?'),
      legendNote,
      h('div', { class: 'row' }, runButton, stopButton, status.element),
      grid,
      layerPicker.element,
      createMethodPicker(ctx, () => {
        layerPicker.refresh();
        rerun();
      }),
    ),
  );
  ctx.events.addEventListener('model', showMode);
  showMode();
  showTextModeFor(ctx, element);
  return { element };
}

/**
 * While a text model is loaded, hides the tab's image body (every child `element` has now) and shows the
 * text mode instead, whose code loads the first time a text model does (it is not in the first bundle).
 */
function showTextModeFor(ctx: AppContext, element: HTMLElement): void {
  const imageBody = [...element.children] as HTMLElement[];
  let textMode: Promise<HTMLElement> | undefined;
  const show = () => {
    const isText = ctx.text !== undefined;
    for (const part of imageBody) part.hidden = isText;
    if (isText)
      textMode ??= import('../text/text-mode.js')
        .then((m) => m.createTextMode(ctx).element)
        .catch((err: unknown) =>
          h(
            'p',
            { class: 'error', role: 'alert' },
            `The text mode did not load (${String(err)}); reload the page.`,
          ),
        )
        .then((part) => element.appendChild(part));
    void textMode?.then((part) => {
      part.hidden = ctx.text === undefined;
    });
  };
  ctx.events.addEventListener('model', show);
  show();
}
