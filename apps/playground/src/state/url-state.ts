import { HEATMAP_MODES, type HeatmapMode, type PreprocessPreset } from '@loupe/core';

const PRESETS: readonly PreprocessPreset[] = ['imagenet', '[-1,1]', '[0,255]'];

import {
  type AppState,
  type DemoModel,
  defaultState,
  type InputChoice,
  type ModelSource,
  type RegionChoice,
  TABS,
  type TabId,
  type VizTarget,
} from './app-state.js';

// The state is kept in the query string, one readable key per concern, so a link can be shared and
// edited by hand; complex values are JSON. Unknown or malformed keys fall back to the defaults.

function json<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function numbers(text: string | null): number[] | undefined {
  if (!text) return undefined;
  const values = text.split(',').map(Number);
  return values.every(Number.isFinite) ? values : undefined;
}

function parseModel(text: string | null): ModelSource {
  if (text === null || text === 'mnist') return { kind: 'mnist' };
  if (text.startsWith('url:')) return { kind: 'url', url: text.slice(4) };
  if (text.startsWith('files:')) return { kind: 'files', name: text.slice(6) };
  if (text === 'demo:segmenter' || text === 'demo:sentiment')
    return { kind: 'demo', name: text.slice(5) as DemoModel };
  return { kind: 'mnist' };
}

function formatModel(model: ModelSource): string {
  if (model.kind === 'url') return `url:${model.url}`;
  if (model.kind === 'files') return `files:${model.name}`;
  if (model.kind === 'demo') return `demo:${model.name}`;
  return 'mnist';
}

function parseInput(text: string | null, fallback: InputChoice): InputChoice {
  if (text === null) return fallback;
  const sample = /^sample:(\d+)$/.exec(text);
  if (sample) return { kind: 'sample', index: Number(sample[1]) };
  const pixels = /^px:(\d+):([A-Za-z0-9_-]+)$/.exec(text);
  if (pixels) return { kind: 'pixels', size: Number(pixels[1]), data: pixels[2] };
  return fallback;
}

function parseViz(text: string | null, fallback: VizTarget): VizTarget {
  if (text === null) return fallback;
  const cls = /^class:(\d+)$/.exec(text);
  if (cls) return { kind: 'class', index: Number(cls[1]) };
  const unit = /^unit:(.+):(\d+)$/.exec(text);
  if (unit) return { kind: 'unit', layer: unit[1], channel: Number(unit[2]) };
  return fallback;
}

function parseRegion(text: string | null, fallback: RegionChoice): RegionChoice {
  const m = /^(auto|all|\d+):(predicted|box\((\d+),(\d+),(\d+),(\d+)\)):(sum|mean)$/.exec(text ?? '');
  if (!m) return fallback;
  const cls = m[1] === 'auto' || m[1] === 'all' ? m[1] : Number(m[1]);
  const box = [m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number];
  return { class: cls, area: m[2] === 'predicted' ? 'predicted' : box, reduce: m[7] as 'sum' | 'mean' };
}

function formatRegion(r: RegionChoice): string {
  return `${r.class}:${r.area === 'predicted' ? 'predicted' : `box(${r.area.join(',')})`}:${r.reduce}`;
}

/** Reads the state from a query string (missing keys take their defaults). */
export function readState(search: string): AppState {
  const q = new URLSearchParams(search);
  const d = defaultState();
  const tab = q.get('tab');
  const range = numbers(q.get('range'));
  const size = numbers(q.get('size'));
  const count = (key: string, fallback: number) => {
    const n = Number(q.get(key) ?? fallback);
    return Number.isInteger(n) && n >= 0 ? n : fallback;
  };
  return {
    tab: TABS.includes(tab as TabId) ? (tab as TabId) : d.tab,
    model: parseModel(q.get('model')),
    settings: {
      range: range?.length === 2 && range[0] < range[1] ? [range[0], range[1]] : d.settings.range,
      inputSize: size?.length === 3 ? [size[0], size[1], size[2]] : undefined,
      mean: numbers(q.get('mean')),
      std: numbers(q.get('std')),
      labelsUrl: q.get('labels') ?? undefined,
      vocabUrl: q.get('vocab') ?? undefined,
      ...(PRESETS.includes(q.get('preset') as PreprocessPreset)
        ? { preset: q.get('preset') as PreprocessPreset }
        : {}),
    },
    input: parseInput(q.get('input'), d.input),
    methods: q.has('methods') ? (q.get('methods') ?? '').split(',').filter(Boolean) : d.methods,
    params: json(q.get('params'), d.params),
    layer: q.get('layer') ?? d.layer,
    ...(q.has('neuron') && Number.isInteger(Number(q.get('neuron'))) && Number(q.get('neuron')) >= 0
      ? { neuron: Number(q.get('neuron')) }
      : {}),
    ...(q.get('neuronMode') ? { neuronMode: q.get('neuronMode') as string } : {}),
    view: HEATMAP_MODES.includes(q.get('view') as HeatmapMode) ? (q.get('view') as HeatmapMode) : d.view,
    scale: q.get('scale') === 'shared' ? 'shared' : d.scale,
    backend: q.get('backend') ?? d.backend,
    viz: parseViz(q.get('viz'), d.viz),
    vizSteps: count('steps', d.vizSteps) || d.vizSteps,
    protoCount: count('protos', d.protoCount) || d.protoCount,
    critCount: count('crits', d.critCount),
    sanityMethod: q.get('sanity') ?? d.sanityMethod,
    region: parseRegion(q.get('region'), d.region),
    text: q.get('text') ?? d.text,
  };
}

/** Writes the state as a query string (defaults are written too, so a link pins every choice). */
export function writeState(state: AppState): string {
  const q = new URLSearchParams();
  q.set('tab', state.tab);
  q.set('model', formatModel(state.model));
  const s = state.settings;
  if (s.inputSize) q.set('size', s.inputSize.join(','));
  q.set('range', s.range.join(','));
  if (s.mean) q.set('mean', s.mean.join(','));
  if (s.std) q.set('std', s.std.join(','));
  if (s.labelsUrl) q.set('labels', s.labelsUrl);
  if (s.vocabUrl) q.set('vocab', s.vocabUrl);
  if (s.preset) q.set('preset', s.preset);
  const input = state.input;
  q.set('input', input.kind === 'sample' ? `sample:${input.index}` : `px:${input.size}:${input.data}`);
  q.set('methods', state.methods.join(','));
  if (Object.keys(state.params).length > 0) q.set('params', JSON.stringify(state.params));
  if (state.layer) q.set('layer', state.layer);
  if (state.neuron !== undefined) q.set('neuron', String(state.neuron));
  if (state.neuronMode) q.set('neuronMode', state.neuronMode);
  q.set('view', state.view);
  q.set('scale', state.scale);
  q.set('backend', state.backend);
  q.set(
    'viz',
    state.viz.kind === 'class' ? `class:${state.viz.index}` : `unit:${state.viz.layer}:${state.viz.channel}`,
  );
  q.set('steps', String(state.vizSteps));
  q.set('protos', String(state.protoCount));
  q.set('crits', String(state.critCount));
  q.set('sanity', state.sanityMethod);
  q.set('region', formatRegion(state.region));
  if (state.text) q.set('text', state.text);
  return `?${q.toString()}`;
}
