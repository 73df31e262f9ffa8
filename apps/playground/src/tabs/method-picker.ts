import { type ExplainerPlugin, listExplainers } from '@loupe/core';
import type { ParamsChangeDetail } from '@loupe/ui-components';
import type { AppContext } from '../app-context.js';
import { h, loupeElement, replace } from '../ui/dom.js';
import { shortCitation } from './method-cells.js';

const FAMILIES = ['gradient', 'relevance', 'perturbation', 'optimization', 'prototype', 'other'] as const;

/** One method's checkbox, with a line on what it shows and its paper (the full reference on hover). */
function methodChoice(
  plugin: ExplainerPlugin,
  chosen: boolean,
  onToggle: (on: boolean) => void,
): HTMLElement {
  const about = `about-${plugin.id}`;
  const box = h('input', { type: 'checkbox', value: plugin.id, checked: chosen, 'aria-describedby': about });
  box.addEventListener('change', () => onToggle(box.checked));
  const citation = shortCitation(plugin.reference);
  return h(
    'div',
    { class: 'method' },
    h('label', {}, box, ` ${plugin.label}`),
    h(
      'p',
      { class: 'about muted', id: about },
      plugin.description,
      citation ? h('cite', { title: plugin.reference }, ` ${citation}`) : null,
    ),
  );
}

/**
 * Every registered explainer as a checkbox with one line on what it shows and its paper, grouped by
 * family; each chosen one gets a `<loupe-params>` form generated from its params schema. Choices and
 * options go into the app state (and the URL).
 */
export function createMethodPicker(ctx: AppContext, onChange: () => void): HTMLElement {
  const list = h('div', { class: 'method-list' });
  const forms = h('div', { class: 'method-forms' });
  const summary = h('summary', {});
  const render = () => {
    const chosen = new Set(ctx.state.methods);
    const plugins = listExplainers();
    summary.textContent = `Methods (${chosen.size} chosen of ${plugins.length})`;
    replace(
      list,
      ...FAMILIES.map((family) => {
        const members = plugins.filter((p) => p.family === family);
        if (members.length === 0) return null;
        return h(
          'fieldset',
          {},
          h('legend', {}, family),
          ...members.map((p) =>
            methodChoice(p, chosen.has(p.id), (on) => {
              const methods = on ? [...ctx.state.methods, p.id] : ctx.state.methods.filter((m) => m !== p.id);
              ctx.update({ methods });
              render();
              onChange();
            }),
          ),
        );
      }),
    );
    replace(
      forms,
      ...ctx.state.methods
        .map((id) => plugins.find((p) => p.id === id))
        .filter((plugin): plugin is ExplainerPlugin => plugin !== undefined)
        .map((plugin) => {
          const form = loupeElement('loupe-params');
          form.schema = plugin.params;
          form.layers = ctx.session?.model.layers ?? [];
          form.values = ctx.state.params[plugin.id] ?? {};
          form.heading = `${plugin.label} options`;
          form.addEventListener('loupe-params-change', (event) => {
            const detail = (event as CustomEvent<ParamsChangeDetail>).detail;
            if (!detail.valid) return;
            ctx.update({ params: { ...ctx.state.params, [plugin.id]: form.values } });
          });
          return h(
            'details',
            { 'data-method': plugin.id },
            h('summary', {}, `${plugin.label} options`),
            form,
          );
        }),
    );
  };
  render();
  ctx.events.addEventListener('model', render);
  return h(
    'section',
    { class: 'methods', 'aria-label': 'Methods' },
    h('details', { class: 'method-picker', open: true }, summary, list),
    forms,
  );
}
