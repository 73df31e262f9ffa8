import type { AppContext } from '../app-context.js';
import { DEMO_MODELS } from '../runtime/demo-models.js';
import { filesFromDrop } from '../runtime/dropped-files.js';
import { readSideFiles } from '../runtime/side-files.js';
import type { DemoModel, ModelSettings, ModelSource } from '../state/app-state.js';
import { h, replace } from '../ui/dom.js';
import { choiceOf, PREPROCESS_CHOICES } from './preprocess-presets.js';

function list(text: string): number[] | undefined {
  const values = text
    .split(/[,×x\s]+/)
    .filter(Boolean)
    .map(Number);
  return values.length > 0 && values.every(Number.isFinite) ? values : undefined;
}

function field(label: string, attrs: Record<string, string | number>): HTMLInputElement {
  return h('input', { 'aria-label': label, ...attrs });
}

const DEMO_NAMES: readonly DemoModel[] = ['segmenter', 'sentiment'];
const DEMO_BUTTONS: Record<DemoModel, string> = {
  segmenter: 'Digit segmenter (regions)',
  sentiment: 'Toy sentiment (text)',
};

/** How the model bar names a source. */
function sourceName(source: ModelSource): string {
  if (source.kind === 'mnist') return 'shipped MNIST CNN';
  if (source.kind === 'demo') return `shipped ${DEMO_MODELS[source.name].label}`;
  return source.kind === 'url' ? source.url : source.name;
}

/** One line on what was loaded and which mode of the Attribute tab explains it. */
function loadedSummary(ctx: AppContext): string {
  const { session, text } = ctx;
  if (text) {
    const words = text.vocabulary
      ? `a vocabulary of ${text.vocabulary.ids.size} tokens`
      : 'no vocabulary (type token ids)';
    return `Loaded a text model: ${text.length ?? 'any number of'} tokens in, ${text.classNames.length} classes, ${words}. The Attribute tab explains a text.`;
  }
  if (!session) return 'Model loaded.';
  const input = `input ${session.inputSize.join('×')} (read from the model)`;
  if (session.dense)
    return `Loaded a segmentation model: ${input}, a score per position (${session.dense.height}×${session.dense.width}) and class (${session.dense.classes}). The Attribute tab explains a region.`;
  return `Loaded: ${input}, ${session.classNames.length} classes.`;
}

/**
 * The model bar: the shipped MNIST CNN, a model.json URL, or files and folders dropped anywhere on the
 * panel (model.json + weight shards, and optionally a labels .json), with the input size (read from the
 * model), preprocessing (a preset, or value range and mean/std) and class names. A failed load leaves the
 * current model in place and says why.
 */
export function createModelPanel(ctx: AppContext): HTMLElement {
  const s = ctx.state.settings;
  const url = field('Model URL', {
    type: 'url',
    placeholder: 'https://…/model.json',
    value: ctx.state.model.kind === 'url' ? ctx.state.model.url : '',
  });
  const size = field('Input size H×W×C', {
    placeholder: 'from model',
    value: s.inputSize?.join('×') ?? '',
    size: 10,
  });
  const range = field('Value range min,max', { value: s.range.join(','), size: 8 });
  const mean = field('Mean per channel', { placeholder: 'none', value: s.mean?.join(',') ?? '', size: 10 });
  const std = field('Std per channel', { placeholder: 'none', value: s.std?.join(',') ?? '', size: 10 });
  const labels = field('Labels URL', {
    type: 'url',
    placeholder: 'labels.json URL',
    value: s.labelsUrl ?? '',
  });
  const vocab = field('Vocabulary URL', {
    type: 'url',
    placeholder: 'vocab.json or vocab.txt URL',
    value: s.vocabUrl ?? '',
  });
  const preset = h(
    'select',
    { 'aria-label': 'Preprocessing' },
    ...PREPROCESS_CHOICES.map((p) => h('option', { value: p.id, selected: p.id === choiceOf(s) }, p.label)),
  );
  // Range, mean and std are the custom choice's fields; the presets fix them.
  const showCustom = () => {
    for (const input of [range, mean, std]) input.disabled = preset.value !== 'custom';
  };
  preset.addEventListener('change', showCustom);
  showCustom();
  const files = h('input', {
    type: 'file',
    multiple: true,
    accept: '.json,.bin,.txt',
    'aria-label': 'Model files',
  });
  const folder = h('input', { type: 'file', 'aria-label': 'Model folder' });
  folder.webkitdirectory = true;
  const message = h('p', { class: 'model-message', role: 'status' });
  const settings = (): ModelSettings => {
    const r = list(range.value);
    const sz = list(size.value);
    const common = {
      ...(sz?.length === 3 ? { inputSize: [sz[0], sz[1], sz[2]] as [number, number, number] } : {}),
      ...(labels.value ? { labelsUrl: labels.value } : {}),
      ...(vocab.value ? { vocabUrl: vocab.value } : {}),
    };
    const choice = preset.value as (typeof PREPROCESS_CHOICES)[number]['id'];
    if (choice === 'none') return { range: [0, 1], ...common };
    if (choice !== 'custom') return { range: [0, 1], preset: choice, ...common };
    return {
      range: r?.length === 2 && r[0] < r[1] ? [r[0], r[1]] : [0, 1],
      ...(list(mean.value) ? { mean: list(mean.value) } : {}),
      ...(list(std.value) ? { std: list(std.value) } : {}),
      ...common,
    };
  };
  const load = async (source: ModelSource, dropped?: File[]) => {
    const name = `the ${sourceName(source)}`;
    replace(message, `Loading ${name}…`);
    message.className = 'model-message';
    try {
      // The shipped CNN has its own settings: the fields describe the user's model (its labels, its range).
      const shipped = source.kind === 'mnist' || source.kind === 'demo';
      const chosen = shipped ? { range: [0, 1] as [number, number] } : settings();
      await ctx.loadModel(source, chosen, dropped, dropped ? await readSideFiles(dropped) : {});
      replace(message, loadedSummary(ctx));
    } catch (err) {
      message.className = 'model-message error';
      message.setAttribute('role', 'alert');
      replace(message, err instanceof Error ? err.message : String(err));
    }
  };
  const fromFiles = (chosen: File[]) => {
    if (chosen.length === 0) return;
    const json =
      chosen.find((f) => f.name.endsWith('.json') && /model/i.test(f.name)) ??
      chosen.find((f) => f.name.endsWith('.json'));
    void load({ kind: 'files', name: json?.name ?? 'files' }, chosen);
  };
  files.addEventListener('change', () => fromFiles([...(files.files ?? [])]));
  folder.addEventListener('change', () => fromFiles([...(folder.files ?? [])]));
  const name = h('span', { class: 'model-name' });
  const showName = () => {
    name.textContent = sourceName(ctx.state.model);
  };
  showName();
  ctx.events.addEventListener('model', showName);
  const panel = h(
    'details',
    { class: 'model-panel' },
    h('summary', {}, 'Model: ', name),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', onclick: () => void load({ kind: 'mnist' }) }, 'Shipped MNIST CNN'),
      ...DEMO_NAMES.map((demo) =>
        h(
          'button',
          { type: 'button', 'data-demo': demo, onclick: () => void load({ kind: 'demo', name: demo }) },
          DEMO_BUTTONS[demo],
        ),
      ),
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
    h(
      'div',
      { class: 'drop-zone' },
      'Drop model.json with its weight files, or the model’s folder (and a labels .json, or a text model’s vocabulary .json/.txt), anywhere here; or choose ',
      h('label', {}, 'files ', files),
      h('label', {}, 'a folder ', folder),
    ),
    h(
      'div',
      { class: 'row settings' },
      h('label', {}, 'Input size ', size),
      h('label', {}, 'Preprocessing ', preset),
      h('label', {}, 'Value range ', range),
      h('label', {}, 'Mean ', mean),
      h('label', {}, 'Std ', std),
      h('label', {}, 'Labels ', labels),
      h('label', {}, 'Vocabulary ', vocab),
    ),
    message,
  );
  // The whole panel takes drops (it opens when something is dragged over it).
  panel.addEventListener('dragover', (e) => {
    e.preventDefault();
    panel.open = true;
    panel.classList.add('over');
  });
  panel.addEventListener('dragleave', () => panel.classList.remove('over'));
  panel.addEventListener('drop', (e) => {
    e.preventDefault();
    panel.classList.remove('over');
    void filesFromDrop(e.dataTransfer).then(fromFiles);
  });
  return panel;
}
