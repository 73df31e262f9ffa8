import { listExplainers } from '@loupe/core';
import type { ParamsChangeDetail } from '@loupe/ui-components';
import type { AppContext } from '../app-context.js';
import { h, loupeElement, replace } from '../ui/dom.js';

const FAMILIES = ['gradient', 'relevance', 'perturbation', 'optimization', 'prototype', 'other'] as const;

/**
 * Every registered explainer as a checkbox, grouped by family; each chosen one gets a `<loupe-params>`
 * form generated from its params schema. Choices and options go into the app state (and the URL).
 */
export function createMethodPicker(ctx: AppContext, onChange: () => void): HTMLElement {
  const list = h('div', { class: 'method-list' });
  const forms = h('div', { class: 'method-forms' });
  const render = () => {
    const chosen = new Set(ctx.state.methods);
    const plugins = listExplainers();
    replace(
      list,
      ...FAMILIES.map((family) => {
        const members = plugins.filter((p) => p.family === family);
        if (members.length === 0) return null;
        return h(
          'fieldset',
          {},
          h('legend', {}, family),
          ...members.map((p) => {
            const box = h('input', { type: 'checkbox', value: p.id, checked: chosen.has(p.id) });
            box.addEventListener('change', () => {
              const methods = box.checked
                ? [...ctx.state.methods, p.id]
                : ctx.state.methods.filter((m) => m !== p.id);
              ctx.update({ methods });
              render();
              onChange();
            });
            return h('label', { title: p.description }, box, ` ${p.label}`);
          }),
        );
      }),
    );
    replace(
      forms,
      ...ctx.state.methods
        .filter((id) => plugins.some((p) => p.id === id))
        .map((id) => {
          const plugin = plugins.find((p) => p.id === id)!;
          const form = loupeElement('loupe-params');
          form.schema = plugin.params;
          form.layers = ctx.session?.model.layers ?? [];
          form.values = ctx.state.params[id] ?? {};
          form.heading = `${plugin.label} options`;
          form.addEventListener('loupe-params-change', (event) => {
            const detail = (event as CustomEvent<ParamsChangeDetail>).detail;
            if (!detail.valid) return;
            ctx.update({ params: { ...ctx.state.params, [id]: form.values } });
          });
          return h('details', { 'data-method': id }, h('summary', {}, `${plugin.label} options`), form);
        }),
    );
  };
  render();
  ctx.events.addEventListener('model', render);
  return h('section', { class: 'methods', 'aria-label': 'Methods' }, h('h2', {}, 'Methods'), list, forms);
}
