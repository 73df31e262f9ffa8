import type { HeatmapMode, PreprocessPreset } from '@loupe/core';

/** The playground's tabs, one per question (plus the backend switch). */
export const TABS = ['attribute', 'evaluate', 'visualize', 'prototypes', 'backend'] as const;
export type TabId = (typeof TABS)[number];

/** The shipped demo models besides the MNIST CNN: a digit segmenter (region mode) and a text classifier (text mode). */
export type DemoModel = 'segmenter' | 'sentiment';

/** Where the model comes from: the shipped MNIST CNN or a demo model, a model.json URL, or files dropped by the user. */
export type ModelSource =
  | { kind: 'mnist' }
  | { kind: 'demo'; name: DemoModel }
  | { kind: 'url'; url: string }
  | { kind: 'files'; name: string };

/**
 * How inputs reach the model: the side and channels of the image, the value range pixels in [0, 1] are
 * mapped to, per-channel mean/std subtracted inside the model, and class names.
 */
export interface ModelSettings {
  /** [height, width, channels]; undefined: read from the model. */
  inputSize?: [number, number, number];
  /** Range the model's inputs lie in; pixels in [0, 1] are mapped linearly onto it. Default [0, 1]. */
  range: [number, number];
  /** Core's preprocessing preset (applied inside the model to pixels in [0, 1]); overrides range, mean, std. */
  preset?: PreprocessPreset;
  mean?: number[];
  std?: number[];
  /** URL of a JSON array of class names (or an object index → name). */
  labelsUrl?: string;
  /** URL of a text model's vocabulary (JSON `{ "token": id }` or one token per line). */
  vocabUrl?: string;
}

/**
 * Which region of a dense (segmentation) output the Attribute tab explains: a class (`'auto'`: the class
 * predicted over most positions, class 0 only when nothing else is; `'all'`: every position on its own predicted
 * class), where (`'predicted'`: the positions predicted as that class; a box `[top, left, bottom, right]` in
 * output positions, bottom and right exclusive), and whether the scores are summed or averaged.
 */
export interface RegionChoice {
  class: number | 'auto' | 'all';
  area: 'predicted' | [number, number, number, number];
  reduce: 'sum' | 'mean';
}

/** Which input is explained: a digit of the shipped sample set, or a drawing/upload kept in the URL as pixels. */
export type InputChoice = { kind: 'sample'; index: number } | { kind: 'pixels'; data: string; size: number };

/** What activation maximization targets: a class, or one channel of a layer. */
export type VizTarget = { kind: 'class'; index: number } | { kind: 'unit'; layer: string; channel: number };

/** Everything a shared link restores. */
export interface AppState {
  tab: TabId;
  model: ModelSource;
  settings: ModelSettings;
  input: InputChoice;
  /** Chosen explainer ids, in display order. */
  methods: string[];
  /** Options per method id (only those changed from the defaults). */
  params: Record<string, Record<string, unknown>>;
  /** The inner layer given to layer, neuron and CAM methods ('' = each method's own default). */
  layer: string;
  /** The unit (or channel) of `layer` that neuron methods explain; undefined: not set. */
  neuron?: number;
  /** How neuron methods read `neuron`: 'unit' (one element) or 'channel' (a channel summed); undefined: their default. */
  neuronMode?: string;
  /** How the heatmaps are drawn (`<loupe-method-grid>`'s view). */
  view: HeatmapMode;
  /** One colour scale per method, or one shared by all. */
  scale: 'per-cell' | 'shared';
  /** `auto` (the best backend that starts here: webgpu > wasm > cpu) or a backend name. */
  backend: string;
  viz: VizTarget;
  /** Optimization steps per activation-maximization run. */
  vizSteps: number;
  /** Prototypes and criticisms per class. */
  protoCount: number;
  critCount: number;
  /** Method of the sanity check. */
  sanityMethod: string;
  /** The region a segmentation model's attributions explain (region mode). */
  region: RegionChoice;
  /** The text a text model's attributions explain (text mode). */
  text: string;
}

/**
 * The state of a first visit: the shipped CNN on sample digit 0, saliency and integrated gradients over the
 * dimmed digit with a scale per method, on the best backend available.
 */
export function defaultState(): AppState {
  return {
    tab: 'attribute',
    model: { kind: 'mnist' },
    settings: { range: [0, 1] },
    input: { kind: 'sample', index: 0 },
    methods: ['saliency', 'integrated-gradients'],
    params: {},
    layer: '',
    view: 'dimmed-blend',
    scale: 'per-cell',
    backend: 'auto',
    viz: { kind: 'class', index: 7 },
    vizSteps: 96,
    protoCount: 3,
    critCount: 1,
    sanityMethod: 'integrated-gradients',
    region: { class: 'auto', area: 'predicted', reduce: 'sum' },
    text: '',
  };
}
