import { type ExplainableModel, ModelLoadError, type WrapOptions, wrapModel } from '@loupe/core';
import type { InputPreprocess } from '@loupe/ui-components';
import type { ModelSettings, ModelSource } from '../state/app-state.js';
import type { RawModel } from './load-model.js';

/** A loaded model ready for every tab: the wrapped model, what inputs it takes, and its classes. */
export interface ModelSession {
  /** Increases with every load, so late results for an older model can be told apart and dropped. */
  readonly id: number;
  readonly source: ModelSource;
  readonly raw: RawModel;
  readonly model: ExplainableModel;
  /** The options `model` was wrapped with (to wrap a copy the same way). */
  readonly wrapOptions: WrapOptions;
  /** [height, width, channels] of one input. */
  readonly inputSize: [number, number, number];
  /** The range inputs lie in; pixels in [0, 1] are mapped onto it. */
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

/** Wraps a loaded model with the user's settings (value range, mean/std inside the model, class names). */
export function createSession(
  source: ModelSource,
  raw: RawModel,
  settings: ModelSettings,
  labels: string[] | undefined,
): ModelSession {
  const preprocess =
    settings.mean || settings.std ? { mean: settings.mean ?? 0, std: settings.std ?? 1 } : undefined;
  const probe = wrapModel(raw);
  const shape = probe.inputShape;
  probe.dispose();
  const h = settings.inputSize?.[0] ?? shape?.[1];
  const w = settings.inputSize?.[1] ?? shape?.[2];
  const c = settings.inputSize?.[2] ?? shape?.[3] ?? 1;
  if (typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number' || shape?.length !== 4) {
    raw.dispose();
    throw new ModelLoadError(
      `The playground explains image models with input [N, H, W, C]; this model takes [${shape?.join(', ') ?? 'unknown'}]. Set the input size (H×W×C) if it has free dimensions.`,
    );
  }
  const wrapOptions: WrapOptions = {
    inputRange: settings.range,
    ...(preprocess ? { preprocess } : {}),
    ...(labels ? { classNames: labels } : {}),
  };
  const model = wrapModel(raw, wrapOptions);
  const classes = numOutputs(model);
  const isMnist = source.kind === 'mnist';
  const takesDigits = h === 28 && w === 28 && c === 1;
  return {
    id: ++counter,
    source,
    raw,
    model,
    wrapOptions,
    inputSize: [h, w, c],
    range: settings.range,
    classNames: labels ?? Array.from({ length: classes }, (_, i) => String(i)),
    preprocess: c === 1 ? (takesDigits ? 'mnist' : 'gray') : 'rgb',
    isMnist,
    takesDigits,
    dispose() {
      model.dispose();
      raw.dispose();
    },
  };
}
