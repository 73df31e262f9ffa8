import { LoupeBackendPicker } from '@loupe/ui-components';
import type { AppContext, TabPanel } from '../app-context.js';
import { defineElements } from '../ui/define.js';
import { h, loupeElement } from '../ui/dom.js';

/**
 * The Backend tab: `<loupe-backend-picker>` lists cpu, wasm and WebGPU with why any is unavailable, and
 * switches between them; the switch is kept in the URL and re-runs the current explanation.
 */
export function createBackendTab(ctx: AppContext): TabPanel {
  defineElements({ 'loupe-backend-picker': LoupeBackendPicker });
  const picker = loupeElement('loupe-backend-picker');
  picker.addEventListener('loupe-backend-change', (event) => {
    const name = (event as CustomEvent<{ name: string }>).detail.name;
    ctx.hook.backend = name;
    ctx.update({ backend: name });
    ctx.events.dispatchEvent(new Event('backend'));
  });
  const updateTiming = () => {
    const times = Object.values(ctx.hook.attributions).map((a) => a.millis);
    if (times.length > 0) picker.lastRunMillis = times.reduce((s, t) => s + t, 0);
  };
  const element = h(
    'div',
    { class: 'tab-body backend' },
    picker,
    h(
      'p',
      { class: 'muted' },
      'cpu is plain JavaScript and always works; wasm runs XNNPACK kernels (SIMD where the browser has it); WebGPU needs navigator.gpu and a real adapter. Tensors move to the new backend on first use.',
    ),
  );
  return {
    element,
    activate() {
      void picker.refresh();
      updateTiming();
    },
  };
}
