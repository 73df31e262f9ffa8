import { LoupeEmbeddingPlot, LoupePrototypeGallery } from '@loupe/ui-components';
import type { AppContext, TabPanel } from '../app-context.js';
import {
  defaultEmbeddingLayer,
  nearestTo,
  type PrototypeResult,
  runPrototypes,
} from '../runtime/run-prototypes.js';
import { sampleSet } from '../runtime/samples.js';
import type { ModelSession } from '../runtime/session.js';
import { TaskSlot } from '../runtime/task-slot.js';
import { defineElements } from '../ui/define.js';
import { h, loupeElement, numberField } from '../ui/dom.js';
import { StatusLine } from '../ui/status-line.js';

/** What the projection shows: which layer, how wide, and which axes. */
function projectionCaption(session: ModelSession, layer: string | undefined, count: number): string {
  const width = session.model.layers
    .find((l) => l.name === layer)
    ?.outputShape.slice(1)
    .join('×');
  const space = layer
    ? `the ${layer} layer’s activations${width ? ` (${width} values per digit)` : ''}`
    : 'the raw pixels';
  return `PCA of ${space} for ${count} sample digits: the horizontal axis is the first principal component, the vertical the second. Dots are coloured by true class.`;
}

/**
 * The Prototypes tab: MMD-critic prototypes and criticisms per class over the shipped sample digits,
 * the 2-D projection with them marked, and the selected examples nearest to the current input.
 */
export function createPrototypesTab(ctx: AppContext): TabPanel {
  defineElements({
    'loupe-prototype-gallery': LoupePrototypeGallery,
    'loupe-embedding-plot': LoupeEmbeddingPlot,
  });
  const status = new StatusLine('prototypes');
  const slot = new TaskSlot(status);
  const gallery = loupeElement('loupe-prototype-gallery');
  const plot = loupeElement('loupe-embedding-plot');
  const nearest = loupeElement('loupe-prototype-gallery');
  const nearestNote = h('p', { class: 'muted', 'aria-live': 'polite' });
  let result: PrototypeResult | undefined;
  let computedFor = '';
  const updateNearest = async () => {
    const { session, input } = ctx;
    if (!session || !input || !result) return;
    const samples = await sampleSet();
    const neighbours = await nearestTo(session, input.x, result, samples);
    nearest.images = (row: number) => samples.image(row);
    nearest.set = {
      prototypes: neighbours.filter((n) => n.kind === 'prototype').map((n) => n.index),
      criticisms: neighbours.filter((n) => n.kind === 'criticism').map((n) => n.index),
      labels: samples.labels,
    };
    nearestNote.textContent = `Closest selected examples to ${input.description}: ${neighbours.map((n) => `row ${n.index} (${n.kind}, distance ${n.distance.toFixed(2)})`).join(', ')}`;
    ctx.hook.nearest = neighbours.map((n) => ({
      index: n.index,
      kind: n.kind,
      ...(n.label === undefined ? {} : { label: n.label }),
    }));
  };
  const run = async () => {
    const session = ctx.session;
    if (!session) return;
    if (!session.takesDigits) {
      status.fail(
        new Error(
          `The shipped sample set holds 28×28×1 digits; this model takes ${session.inputSize.join('×')}, so prototypes over it cannot be computed.`,
        ),
      );
      return;
    }
    computedFor = `${session.id}:${ctx.state.protoCount}:${ctx.state.critCount}`;
    const samples = await sampleSet();
    const layer = defaultEmbeddingLayer(session);
    const next = await slot.run('Selecting prototypes', (signal, onProgress) =>
      runPrototypes({
        session,
        samples,
        prototypes: ctx.state.protoCount,
        criticisms: ctx.state.critCount,
        layer,
        signal,
        onProgress,
      }),
    );
    if (!next) {
      computedFor = '';
      return;
    }
    result = next;
    const images = (row: number) => samples.image(row);
    gallery.images = images;
    gallery.set = next.set;
    plot.images = images;
    plot.labels = samples.labels;
    plot.classNames = session.classNames;
    plot.caption = projectionCaption(session, layer, samples.count);
    plot.points = next.points;
    plot.prototypes = next.union.prototypes;
    plot.criticisms = next.union.criticisms;
    ctx.hook.prototypes = {
      perClass: (next.set.perClass ?? []).map((c) => ({
        label: String(c.label),
        prototypes: c.prototypes.length,
        criticisms: c.criticisms.length,
      })),
      projected: next.points.length,
    };
    await updateNearest();
  };
  const runNow = () => void run().catch((err) => status.fail(err));
  ctx.events.addEventListener('input', () => void updateNearest().catch((err) => status.fail(err)));
  const element = h(
    'div',
    { class: 'tab-body prototypes' },
    h(
      'div',
      { class: 'row' },
      numberField(
        'Prototypes per class',
        ctx.state.protoCount,
        (n) => ctx.update({ protoCount: Math.max(1, Math.round(n)) }),
        { min: 1, max: 20 },
      ),
      numberField(
        'Criticisms per class',
        ctx.state.critCount,
        (n) => ctx.update({ critCount: Math.max(0, Math.round(n)) }),
        { min: 0, max: 20 },
      ),
      h('button', { type: 'button', class: 'primary', onclick: runNow }, 'Select'),
      status.element,
    ),
    h(
      'div',
      { class: 'columns' },
      h('section', { class: 'column wide', 'aria-label': 'Prototypes and criticisms' }, gallery),
      h(
        'section',
        { class: 'column', 'aria-label': 'Projection' },
        h('h3', {}, 'Where the digits lie in the model’s embedding'),
        plot,
      ),
    ),
    h(
      'section',
      { 'aria-label': 'Nearest prototypes' },
      h('h3', {}, 'Nearest prototypes for the current input'),
      nearestNote,
      nearest,
    ),
  );
  return {
    element,
    activate() {
      const session = ctx.session;
      if (session && computedFor !== `${session.id}:${ctx.state.protoCount}:${ctx.state.critCount}`) runNow();
    },
  };
}
