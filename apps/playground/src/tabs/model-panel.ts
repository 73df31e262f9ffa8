import type { AppContext } from '../app-context.js';
import { parseLabels } from '../runtime/load-model.js';
import type { ModelSettings, ModelSource } from '../state/app-state.js';
import { h, replace } from '../ui/dom.js';

function list(text: string): number[] | undefined {
  const values = text
    .split(/[,×x\s]+/)
    .filter(Boolean)
    .map(Number);
  return values.length > 0 && values.every(Number.isFinite) ? values : undefined;
}

/**
 * The model bar: the shipped MNIST CNN, a model.json URL, or model.json + weights dropped as files,
 * with the input size, value range, mean/std and class names (a labels JSON by URL or among the files).
 * A failed load leaves the current model in place and says why.
 */
export function createModelPanel(ctx: AppContext): HTMLElement {
  const s = ctx.state.settings;
  const url = h('input', {
    type: 'url',
    placeholder: 'https://…/model.json',
    'aria-label': 'Model URL',
    value: ctx.state.model.kind === 'url' ? ctx.state.model.url : '',
  });
  const size = h('input', {
    placeholder: 'from model',
    'aria-label': 'Input size H×W×C',
    value: s.inputSize?.join('×') ?? '',
    size: 10,
  });
  const range = h('input', { 'aria-label': 'Value range min,max', value: s.range.join(','), size: 8 });
  const mean = h('input', {
    placeholder: 'none',
    'aria-label': 'Mean per channel',
    value: s.mean?.join(',') ?? '',
    size: 10,
  });
  const std = h('input', {
    placeholder: 'none',
    'aria-label': 'Std per channel',
    value: s.std?.join(',') ?? '',
    size: 10,
  });
  const labels = h('input', {
    type: 'url',
    placeholder: 'labels.json URL',
    'aria-label': 'Labels URL',
    value: s.labelsUrl ?? '',
  });
  const files = h('input', {
    type: 'file',
    multiple: true,
    accept: '.json,.bin',
    'aria-label': 'Model files',
  });
  const message = h('p', { class: 'model-message', role: 'status' });
  const settings = (): ModelSettings => {
    const r = list(range.value);
    const sz = list(size.value);
    return {
      range: r?.length === 2 && r[0] < r[1] ? [r[0], r[1]] : [0, 1],
      ...(sz?.length === 3 ? { inputSize: [sz[0], sz[1], sz[2]] as [number, number, number] } : {}),
      ...(list(mean.value) ? { mean: list(mean.value) } : {}),
      ...(list(std.value) ? { std: list(std.value) } : {}),
      ...(labels.value ? { labelsUrl: labels.value } : {}),
    };
  };
  const load = async (source: ModelSource, dropped?: File[]) => {
    replace(
      message,
      `Loading ${source.kind === 'mnist' ? 'the shipped MNIST CNN' : source.kind === 'url' ? source.url : source.name}…`,
    );
    message.className = 'model-message';
    try {
      let names: string[] | undefined;
      const labelFile = dropped?.find((f) => f.name.endsWith('.json') && !/model/i.test(f.name));
      if (labelFile) names = parseLabels(JSON.parse(await labelFile.text()), labelFile.name);
      await ctx.loadModel(source, settings(), dropped, names);
      replace(message, 'Model loaded.');
    } catch (err) {
      message.className = 'model-message error';
      message.setAttribute('role', 'alert');
      replace(message, err instanceof Error ? err.message : String(err));
    }
  };
  const fromFiles = (chosen: File[]) => {
    const json =
      chosen.find((f) => f.name.endsWith('.json') && /model/i.test(f.name)) ??
      chosen.find((f) => f.name.endsWith('.json'));
    void load({ kind: 'files', name: json?.name ?? 'files' }, chosen);
  };
  files.addEventListener('change', () => fromFiles([...(files.files ?? [])]));
  const drop = h(
    'div',
    { class: 'drop-zone', tabindex: 0 },
    'Drop model.json + weight files (and a labels .json) here, or ',
    files,
  );
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    fromFiles([...(e.dataTransfer?.files ?? [])]);
  });
  const name = h('span', { class: 'model-name' });
  const showName = () => {
    const m = ctx.state.model;
    name.textContent = m.kind === 'mnist' ? 'shipped MNIST CNN' : m.kind === 'url' ? m.url : m.name;
  };
  showName();
  ctx.events.addEventListener('model', showName);
  return h(
    'details',
    { class: 'model-panel' },
    h('summary', {}, 'Model: ', name),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', onclick: () => void load({ kind: 'mnist' }) }, 'Shipped MNIST CNN'),
      url,
      h(
        'button',
        {
          type: 'button',
          class: 'load-url',
          onclick: () => void load({ kind: 'url', url: url.value.trim() }),
        },
        'Load URL',
      ),
    ),
    drop,
    h(
      'div',
      { class: 'row settings' },
      h('label', {}, 'Input size ', size),
      h('label', {}, 'Value range ', range),
      h('label', {}, 'Mean ', mean),
      h('label', {}, 'Std ', std),
      h('label', {}, 'Labels ', labels),
    ),
    message,
  );
}
