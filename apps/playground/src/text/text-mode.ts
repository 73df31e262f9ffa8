import { getExplainer, type ParamValues } from '@loupe/core';
import { LoupeTextAttribution, type ParamsChangeDetail } from '@loupe/ui-components';
import type { AppContext } from '../app-context.js';
import { TaskSlot } from '../runtime/task-slot.js';
import { renderPrediction } from '../tabs/prediction-view.js';
import { defineElements } from '../ui/define.js';
import { h, loupeElement, replace } from '../ui/dom.js';
import { StatusLine } from '../ui/status-line.js';
import { explainText, summarizeText } from './explain-text.js';
import { TargetChoice } from './target-choice.js';
import { TextResult } from './text-result.js';
import { describeEncoding, exampleText, readTokens, type TokenRow } from './token-input.js';

const METHOD = 'token-attribution';

/**
 * The Attribute tab's text mode, shown instead of the image input and method grid while a text model is
 * loaded: a text box, how its text becomes ids, the prediction, the class to explain, token attribution's
 * options, and the tokens coloured by their scores with a table of ids and scores. Explains on Explain (or
 * Ctrl/Cmd+Enter in the box) and again for each new model or backend; results of an older model are dropped.
 */
export function createTextMode(ctx: AppContext): { element: HTMLElement } {
  defineElements({ 'loupe-text-attribution': LoupeTextAttribution });
  const status = new StatusLine('text');
  const slot = new TaskSlot(status);
  const result = new TextResult();
  const prediction = h('div', { class: 'prediction-view', 'aria-live': 'polite' });
  const encoding = h('p', { class: 'muted', id: 'text-encoding' });
  const box = h('textarea', { id: 'text-input', rows: 3, 'aria-describedby': 'text-encoding' });
  box.value = ctx.state.text;
  let example = '';
  const target = new TargetChoice(() => rerun());
  const form = loupeElement('loupe-params');
  form.schema = getExplainer(METHOD).params;
  form.values = ctx.state.params[METHOD] ?? {};
  form.heading = 'Token attribution options';
  form.addEventListener('loupe-params-change', (event) => {
    if (!(event as CustomEvent<ParamsChangeDetail>).detail.valid) return;
    ctx.update({ params: { ...ctx.state.params, [METHOD]: form.values } });
    rerun();
  });

  /** Takes the last result off the page (and the hook) when it no longer answers what is asked. */
  const clear = () => {
    result.clear();
    replace(prediction);
    ctx.hook.text = undefined;
  };
  const run = async () => {
    const session = ctx.text;
    if (!session) return;
    // The example is not the user's text: the URL keeps only what was typed.
    const typed = box.value === example ? '' : box.value;
    if (typed !== ctx.state.text) ctx.update({ text: typed });
    const params: ParamValues = ctx.state.params[METHOD] ?? {};
    let input: TokenRow;
    try {
      input = readTokens(box.value, session, typeof params.padToken === 'number' ? params.padToken : 0);
    } catch (err) {
      slot.cancel();
      clear();
      status.onEnd('failed', err);
      return;
    }
    const found = await slot.run('Explaining', (signal, onProgress) =>
      explainText({ session, row: input.row, target: target.value, params, signal, onProgress }),
    );
    // A newer run, Stop, or a new model: this result is no longer what the page shows.
    if (!found || ctx.text?.id !== session.id) return;
    const summary = summarizeText(session, input, found);
    renderPrediction(prediction, found.prediction, session.classNames);
    result.show({
      ...summary,
      className: session.classNames[found.target] ?? String(found.target),
      padded: input.row.length - input.ids.length,
      millis: found.millis,
      backend: found.backend,
    });
    ctx.hook.text = summary;
  };
  // A failed run leaves the previous text's result: take it off with the error.
  const rerun = () =>
    void run().catch((err) => {
      clear();
      status.fail(err);
    });
  const stop = () => {
    if (!slot.busy) return;
    slot.cancel();
    status.onEnd('aborted');
  };

  // A new model: its encoding and classes, the example that fits it (unless the user typed), a fresh run.
  const onModel = () => {
    const session = ctx.text;
    slot.cancel();
    clear();
    if (!session) return;
    encoding.textContent = describeEncoding(session);
    target.setClasses(session.classNames);
    form.layers = session.model.layers;
    if (box.value === '' || box.value === example) box.value = exampleText(session);
    example = exampleText(session);
    rerun();
  };
  ctx.events.addEventListener('model', onModel);
  ctx.events.addEventListener('backend', () => {
    if (ctx.text) rerun();
  });
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      rerun();
    }
  });

  const element = h(
    'section',
    { class: 'text-mode', 'aria-label': 'Text explanation' },
    h('h2', {}, 'Which words made the model decide?'),
    h('label', { for: 'text-input' }, 'Text to explain'),
    box,
    encoding,
    h('div', { class: 'row' }, target.element),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', class: 'primary', onclick: rerun }, 'Explain'),
      h('button', { type: 'button', onclick: stop }, 'Stop'),
      h('span', { class: 'muted' }, 'Ctrl+Enter in the box explains too.'),
      status.element,
    ),
    prediction,
    h(
      'p',
      { class: 'muted legend-note' },
      'Red: evidence for the explained class; blue: against. Pad positions are not shown.',
    ),
    result.element,
    h('details', { class: 'method-forms' }, h('summary', {}, 'Token attribution options'), form),
  );
  onModel();
  return { element };
}
