import { type ExplainableModel, ModelLoadError, type Vocabulary, type WrapOptions } from '@loupe/core';
import type { InputPreprocess } from '@loupe/ui-components';
import type * as tf from '@tensorflow/tfjs';
import type { ModelSettings, ModelSource } from '../state/app-state.js';
import { loadExplainableModel } from './load-model.js';

/** A dense (segmentation) output `[N, H, W, K]`: a score per output position and class. */
export interface DenseOutput {
  readonly height: number;
  readonly width: number;
  readonly classes: number;
}

/** A loaded image model ready for every tab: the wrapped model, what inputs it takes, and its classes. */
export interface ModelSession {
  readonly kind: 'image';
  /** Increases with every load, so late results for an older model can be told apart and dropped. */
  readonly id: number;
  readonly source: ModelSource;
  /** The tfjs model under `model` (a copy of it is what the sanity check randomizes). */
  readonly raw: tf.LayersModel | tf.GraphModel;
  readonly model: ExplainableModel;
  /** The options `model` was wrapped with (to wrap a copy the same way). */
  readonly wrapOptions: WrapOptions;
  /** [height, width, channels] of one input. */
  readonly inputSize: [number, number, number];
  /** The range inputs lie in; pixels in [0, 1] are mapped onto it (a preset maps inside the model). */
  readonly range: [number, number];
  readonly classNames: string[];
  /** How the image input prepares pictures for this model. */
  readonly preprocess: InputPreprocess;
  /** True for the shipped MNIST CNN, whose sample set, generator and tuned presets apply. */
  readonly isMnist: boolean;
  /** True when one input is 28×28×1: the shape of the shipped sample digits and generator output. */
  readonly takesDigits: boolean;
  /** Set for a segmentation-style output; the Attribute tab then explains regions (its region mode). */
  readonly dense: DenseOutput | null;
  dispose(): void;
}

/** A model whose input is token ids (an Embedding first), explained by the Attribute tab's text mode. */
export interface TextSession {
  readonly kind: 'text';
  readonly id: number;
  readonly source: ModelSource;
  readonly raw: tf.LayersModel | tf.GraphModel;
  readonly model: ExplainableModel;
  readonly wrapOptions: WrapOptions;
  readonly classNames: string[];
  /** Tokens per input; null when the model takes any length. */
  readonly length: number | null;
  /** Rows of the embedding table (ids must lie below it); undefined when unknown. */
  readonly vocabularySize: number | undefined;
  /** The vocabulary loaded with the model; null: the text box takes token ids. */
  readonly vocabulary: Vocabulary | null;
  /** A text that suits the model (a shipped demo's), or null. */
  readonly example: string | null;
  dispose(): void;
}

/** Whichever kind of model is loaded. */
export type LoadedSession = ModelSession | TextSession;

/** What came with a model besides its files: class names and a vocabulary. */
export interface SideFiles {
  labels?: string[];
  vocabulary?: Vocabulary;
  /** The text a text model's mode starts with (the shipped demo's). */
  example?: string;
}

let counter = 0;

function numOutputs(model: ExplainableModel): number {
  const shape = model.outputShape;
  const last = shape?.[shape.length - 1];
  return typeof last === 'number' ? last : 0;
}

function classNamesOf(model: ExplainableModel, labels: string[] | undefined): string[] {
  return labels ?? Array.from({ length: numOutputs(model) }, (_, i) => String(i));
}

/** `[N, H, W, K]` outputs with fixed sizes and more than one position. */
function denseOutputOf(model: ExplainableModel): DenseOutput | null {
  const shape = model.outputShape;
  if (shape?.length !== 4) return null;
  const [, height, width, classes] = shape;
  if (typeof height !== 'number' || typeof width !== 'number' || typeof classes !== 'number') return null;
  return height * width > 1 ? { height, width, classes } : null;
}

function textSession(
  source: ModelSource,
  model: ExplainableModel,
  wrapOptions: WrapOptions,
  side: SideFiles,
): TextSession {
  const input = model.inputs[0];
  const length = input.shape?.[1];
  return {
    kind: 'text',
    id: ++counter,
    source,
    raw: model.source as tf.LayersModel | tf.GraphModel,
    model,
    wrapOptions,
    classNames: classNamesOf(model, side.labels),
    length: typeof length === 'number' ? length : null,
    vocabularySize: input.vocabulary,
    vocabulary: side.vocabulary ?? null,
    example: side.example ?? null,
    dispose() {
      model.dispose();
    },
  };
}

/** The wrapping a model gets from the user's settings: a preset, or value range and mean/std; class names. */
export function wrapOptionsOf(settings: ModelSettings, labels: string[] | undefined): WrapOptions {
  const preprocess = settings.preset
    ? settings.preset
    : settings.mean || settings.std
      ? { mean: settings.mean ?? 0, std: settings.std ?? 1 }
      : undefined;
  return {
    inputRange: settings.preset ? [0, 1] : settings.range,
    ...(preprocess ? { preprocess } : {}),
    ...(labels ? { classNames: labels } : {}),
  };
}

/**
 * Loads a model (core's `loadModel`, through the playground's adapter). A model whose one input is token ids
 * becomes a text session. Otherwise what it takes is read from its input shape: height, width and channels
 * (the settings' input size only fills free dimensions); a model that takes neither images [N, H, W, C] nor
 * token ids is a ModelLoadError, and is freed.
 */
export async function createSession(
  source: ModelSource,
  settings: ModelSettings,
  side: SideFiles,
  files?: readonly File[],
): Promise<LoadedSession> {
  const labels = side.labels;
  const wrapOptions = wrapOptionsOf(settings, labels);
  const model = await loadExplainableModel(source, wrapOptions, files);
  if (model.inputs.length === 1 && model.inputs[0].dtype === 'int32')
    return textSession(source, model, wrapOptions, side);
  const shape = model.inputShape;
  const h = shape?.[1] ?? settings.inputSize?.[0];
  const w = shape?.[2] ?? settings.inputSize?.[1];
  const c = shape?.[3] ?? settings.inputSize?.[2] ?? 1;
  if (typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number' || shape?.length !== 4) {
    model.dispose();
    throw new ModelLoadError(
      `The playground explains image models with input [N, H, W, C] and text models whose input is token ids; this model takes [${shape?.map((d) => d ?? 'N').join(', ') ?? 'unknown'}]. Set the input size (H×W×C) if it has free dimensions.`,
    );
  }
  const takesDigits = h === 28 && w === 28 && c === 1;
  return {
    kind: 'image',
    id: ++counter,
    source,
    raw: model.source as tf.LayersModel | tf.GraphModel,
    model,
    wrapOptions,
    inputSize: [h, w, c],
    range: settings.preset ? [0, 1] : settings.range,
    classNames: classNamesOf(model, labels),
    preprocess: c === 1 ? (takesDigits ? 'mnist' : 'gray') : 'rgb',
    isMnist: source.kind === 'mnist',
    takesDigits,
    dense: denseOutputOf(model),
    dispose() {
      model.dispose();
    },
  };
}
