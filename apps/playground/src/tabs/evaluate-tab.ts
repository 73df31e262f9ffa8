import { listExplainers } from '@loupe/core';
import { LoupeCurve, LoupeHeatmap, predictClass } from '@loupe/ui-components';
import type { AppContext, TabPanel } from '../app-context.js';
import { effectiveParams } from '../runtime/layer-options.js';
import { type CurveResults, runCurves } from '../runtime/run-curves.js';
import { TaskSlot } from '../runtime/task-slot.js';
import { defineElements } from '../ui/define.js';
import { h, loupeElement, numberField } from '../ui/dom.js';
import { StatusLine } from '../ui/status-line.js';
import { createBenchmarkTable } from './benchmark-table.js';
import { createSanityPanel } from './sanity-panel.js';

/**
 * The Evaluate tab: deletion and insertion curves with their AUC for the chosen methods on the current
 * input (computed when the tab is shown and something changed), the sanity check, and the precomputed
 * ground-truth benchmark.
 */
export function createEvaluateTab(ctx: AppContext): TabPanel {
  defineElements({ 'loupe-curve': LoupeCurve, 'loupe-heatmap': LoupeHeatmap });
  const status = new StatusLine('curves');
  const slot = new TaskSlot(status);
  const deletionChart = loupeElement('loupe-curve');
  deletionChart.heading = 'Deletion (lower AUC is better)';
  deletionChart.yLabel = 'probability of the predicted class';
  const insertionChart = loupeElement('loupe-curve');
  insertionChart.heading = 'Insertion (higher AUC is better)';
  insertionChart.yLabel = 'probability of the predicted class';
  let steps = 28;
  let computedFor = '';
  const show = (results: CurveResults) => {
    deletionChart.curves = results.deletion;
    insertionChart.curves = results.insertion;
    ctx.hook.curves = {};
    for (const c of [...results.deletion, ...results.insertion]) {
      ctx.hook.curves[`${c.label}:${c.kind}`] = {
        kind: c.kind === 'insertion' ? 'insertion' : 'deletion',
        auc: c.auc ?? 0,
        scores: [...c.scores],
      };
    }
  };
  const run = async () => {
    const { session, input } = ctx;
    if (!session || !input) return;
    const params = effectiveParams(ctx.state, listExplainers(), session.model.layers);
    const key = `${session.id}:${input.version}:${ctx.state.methods.join(',')}:${JSON.stringify(params)}:${steps}`;
    computedFor = key;
    const { index: target } = await predictClass(session.model, input.x);
    const results = await slot.run('Perturbation curves', (signal, onProgress) =>
      runCurves({
        session,
        input,
        methods: ctx.state.methods,
        params,
        store: ctx.attributions,
        target,
        steps,
        signal,
        onProgress,
      }),
    );
    if (results) show(results);
    else if (computedFor === key) computedFor = '';
  };
  const runNow = () => void run().catch((err) => status.fail(err));
  const element = h(
    'div',
    { class: 'tab-body evaluate' },
    h(
      'section',
      { class: 'curves', 'aria-label': 'Perturbation curves' },
      h('h3', {}, 'Deletion and insertion for the chosen methods'),
      h(
        'div',
        { class: 'row' },
        numberField(
          'Steps',
          steps,
          (n) => {
            steps = Math.max(2, Math.round(n));
          },
          { min: 2, max: 200 },
        ),
        h('button', { type: 'button', class: 'primary', onclick: runNow }, 'Evaluate'),
        status.element,
      ),
      h('div', { class: 'charts' }, deletionChart, insertionChart),
    ),
    createSanityPanel(ctx),
    createBenchmarkTable(),
  );
  return {
    element,
    activate() {
      const { session, input } = ctx;
      if (!session || !input) return;
      const params = effectiveParams(ctx.state, listExplainers(), session.model.layers);
      const key = `${session.id}:${input.version}:${ctx.state.methods.join(',')}:${JSON.stringify(params)}:${steps}`;
      if (key !== computedFor) runNow();
    },
  };
}
