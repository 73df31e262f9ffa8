import { listExplainers } from '@loupe/core';
import type { AppContext } from '../app-context.js';
import { runSanity, type SanityResult } from '../runtime/run-sanity.js';
import { TaskSlot } from '../runtime/task-slot.js';
import { h, loupeElement, replace } from '../ui/dom.js';
import { StatusLine } from '../ui/status-line.js';

function heatmap(
  values: Float32Array,
  shape: number[],
  label: string,
  image: AppContext['input'],
): HTMLElement {
  const map = loupeElement('loupe-heatmap');
  map.attribution = { values, shape };
  if (image) map.image = image.display;
  map.legend = false;
  map.label = label;
  return map;
}

/**
 * The sanity check: the chosen method's map on the trained model, then after each layer's weights are
 * re-drawn from the top down, with the rank correlation to the original. A map that barely changes
 * does not depend on what the model learned (Adebayo et al. 2018).
 */
export function createSanityPanel(ctx: AppContext): HTMLElement {
  const status = new StatusLine('sanity');
  const slot = new TaskSlot(status);
  const strip = h('div', {
    class: 'strip',
    role: 'group',
    'aria-label': 'Maps under cascading randomization',
  });
  const select = h('select', { 'aria-label': 'Method to check' });
  const fill = () => {
    replace(
      select,
      ...listExplainers().map((p) =>
        h('option', { value: p.id, selected: p.id === ctx.state.sanityMethod }, p.label),
      ),
    );
  };
  fill();
  select.addEventListener('change', () => ctx.update({ sanityMethod: select.value }));
  const show = (result: SanityResult) => {
    const fig = (title: string, values: Float32Array, caption: string) =>
      h(
        'figure',
        {},
        heatmap(values, result.shape, title, ctx.input),
        h('figcaption', {}, h('strong', {}, title), h('br'), caption),
      );
    replace(
      strip,
      fig('trained', result.original, 'original'),
      ...result.steps.map((s) =>
        fig(
          `up to ${s.layer}`,
          s.map,
          `Spearman |·| ${s.spearmanAbs.toFixed(2)} · SSIM ${s.ssim.toFixed(2)}`,
        ),
      ),
    );
    ctx.hook.sanity = {
      method: result.method,
      layers: result.steps.map((s) => s.layer),
      spearman: result.steps.map((s) => s.spearmanAbs),
    };
  };
  const run = async () => {
    const { session, input } = ctx;
    if (!session || !input) return;
    const method = ctx.state.sanityMethod;
    const result = await slot.run('Randomizing layers', (signal, onProgress) =>
      runSanity({ session, input, method, params: ctx.state.params[method] ?? {}, signal, onProgress }),
    );
    if (result) show(result);
  };
  const button = h(
    'button',
    { type: 'button', onclick: () => void run().catch((e) => status.fail(e)) },
    'Run sanity check',
  );
  return h(
    'section',
    { class: 'sanity', 'aria-label': 'Sanity check' },
    h('h3', {}, 'Sanity check: cascading model randomization'),
    h(
      'p',
      { class: 'muted' },
      'Re-draws the weights from the output layer down and re-explains; a faithful method’s map should fall apart.',
    ),
    h('div', { class: 'row' }, select, button, status.element),
    strip,
  );
}
