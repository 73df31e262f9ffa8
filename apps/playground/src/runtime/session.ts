import { type ExplainableModel, ModelLoadError, type WrapOptions } from '@loupe/core';
import type { InputPreprocess } from '@loupe/ui-components';
import type * as tf from '@tensorflow/tfjs';
import type { ModelSettings, ModelSource } from '../state/app-state.js';
import { loadExplainableModel } from './load-model.js';

/** A loaded model ready for every tab: the wrapped model, what inputs it takes, and its classes. */
export interface ModelSession {
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
  dispose(): void;
}

let counter = 0;

function numOutputs(model: ExplainableModel): number {
  const shape = model.outputShape;
  const last = shape?.[shape.length - 1];
  return typeof last === 'number' ? last : 0;
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
 * Loads a model (core's `loadModel`, through the playground's adapter) and reads what it takes from its
 * input shape: height, width and channels (the settings' input size only fills free dimensions). A model
 * that does not take images [N, H, W, C] is a ModelLoadError, and is freed.
 */
export async function createSession(
  source: ModelSource,
  settings: ModelSettings,
  labels: string[] | undefined,
  files?: readonly File[],
): Promise<ModelSession> {
  const wrapOptions = wrapOptionsOf(settings, labels);
  const model = await loadExplainableModel(source, wrapOptions, files);
  const shape = model.inputShape;
  const h = shape?.[1] ?? settings.inputSize?.[0];
  const w = shape?.[2] ?? settings.inputSize?.[1];
  const c = shape?.[3] ?? settings.inputSize?.[2] ?? 1;
  if (typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number' || shape?.length !== 4) {
    model.dispose();
    throw new ModelLoadError(
      `The playground explains image models with input [N, H, W, C]; this model takes [${shape?.map((d) => d ?? 'N').join(', ') ?? 'unknown'}]. Set the input size (H×W×C) if it has free dimensions.`,
    );
  }
  const classes = numOutputs(model);
  const takesDigits = h === 28 && w === 28 && c === 1;
  return {
    id: ++counter,
    source,
    raw: model.source as tf.LayersModel | tf.GraphModel,
    model,
    wrapOptions,
    inputSize: [h, w, c],
    range: settings.preset ? [0, 1] : settings.range,
    classNames: labels ?? Array.from({ length: classes }, (_, i) => String(i)),
    preprocess: c === 1 ? (takesDigits ? 'mnist' : 'gray') : 'rgb',
    isMnist: source.kind === 'mnist',
    takesDigits,
    dispose() {
      model.dispose();
    },
  };
}
