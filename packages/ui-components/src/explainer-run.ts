import {
  type ExplainableModel,
  explain,
  type ImageDataLike,
  type Target,
  tensorToImageData,
  throwIfAborted,
  wrapModel,
} from '@loupe/core';
import type * as tfc from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { pixelsToInput } from './image-decode.js';
import { optionsForMethod } from './method-options.js';

/** How the explainer turns a picture into model input: resize to the model's input, or MNIST digit normalisation. */
export type ExplainerPreprocess = 'resize' | 'mnist';

/** The model's prediction for the explained input. */
export interface Prediction {
  /** Index of the highest score. */
  index: number;
  /** Its probability (softmax of the scores unless the model outputs probabilities). */
  probability: number;
  /** Every class's probability, by class index. */
  probabilities: number[];
  /** Its class name, when known. */
  label?: string;
}

/** What one explanation produced, already read back from the backend (no tensors to dispose). */
export interface ExplainerOutcome {
  image: ImageDataLike;
  values: Float32Array;
  shape: number[];
  prediction: Prediction;
  target: number | null;
  millis: number;
  backend: string;
}

/**
 * Brings decoded pixels to the model's input shape [H, W, C] with values in [0, 1] (free dimensions
 * keep the picture's size; `mnist` centres a digit in an H × H field). See `pixelsToInput`.
 */
export function prepareInput(
  pixels: ImageDataLike,
  model: ExplainableModel,
  preprocess: ExplainerPreprocess,
): Promise<tf.Tensor3D> {
  const shape = model.inputShape;
  const channels = shape?.[3] ?? 3;
  return pixelsToInput(pixels, preprocess === 'mnist', {
    height: shape?.[1] ?? pixels.height,
    width: shape?.[2] ?? pixels.width,
    channels: channels === 1 ? 1 : channels === 4 ? 4 : 3,
  });
}

/**
 * Predicts one input without its batch axis (an image [H, W, C] in the model's range, or a text model's token
 * ids [T], int32) with one asynchronous read: a synchronous read (such as
 * `predict()`'s finiteness check) stalls or loses the device on WebGPU. Scores become probabilities by a
 * softmax, unless the model's output view is `probabilities`, or is `raw` and already a distribution
 * (non-negative, summing to 1).
 */
export async function predictClass(model: ExplainableModel, x: tf.Tensor): Promise<Prediction> {
  // forwardBatched skips predict()'s finiteness and token-id checks: pixels prepared here are finite, and
  // callers with token ids check them against the vocabulary first.
  const scores = tf.tidy(() => tf.reshape(model.forwardBatched(tf.expandDims(x, 0)), [-1]));
  const values = Array.from(await scores.data());
  scores.dispose();
  const isDistribution = Math.min(...values) >= 0 && Math.abs(values.reduce((a, b) => a + b, 0) - 1) < 1e-3;
  const probabilities =
    model.output === 'probabilities' || (model.output === 'raw' && isDistribution) ? values : softmax(values);
  let index = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[index]) index = i;
  const prediction: Prediction = { index, probability: probabilities[index], probabilities };
  const label = model.classNames?.[index];
  if (label !== undefined) prediction.label = label;
  return prediction;
}

function softmax(scores: readonly number[]): number[] {
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/**
 * Explains one picture: prepares the input, predicts, runs the registered method, and reads everything
 * back, freeing every tensor it made (the model stays cached). Throws AbortError once `signal` aborts.
 */
export async function runExplanation(request: {
  model: tfl.LayersModel | tfc.GraphModel;
  pixels: ImageDataLike;
  method: string;
  target: Target;
  preprocess: ExplainerPreprocess;
  classNames?: readonly string[];
  options?: Record<string, unknown>;
  signal: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}): Promise<ExplainerOutcome> {
  const wrapped = wrapModel(request.model, request.classNames ? { classNames: request.classNames } : {});
  let x: tf.Tensor3D | undefined;
  try {
    x = await prepareInput(request.pixels, wrapped, request.preprocess);
    const prediction = await predictClass(wrapped, x);
    throwIfAborted(request.signal);
    const started = performance.now();
    const attribution = await explain(wrapped, x, {
      ...optionsForMethod(request.method, request.options),
      method: request.method,
      // The prediction is known: handing it on saves the method a forward pass to resolve 'predicted'.
      target: request.target === 'predicted' ? prediction.index : request.target,
      signal: request.signal,
      onProgress: (p) => request.onProgress?.(p.done, p.total),
    });
    try {
      const values = await attribution.data();
      const image = await tensorToImageData(x);
      return {
        image,
        values,
        shape: [...attribution.shape],
        prediction,
        target: attribution.target[0] ?? null,
        millis: attribution.meta.millis ?? performance.now() - started,
        backend: attribution.meta.backend ?? tf.getBackend(),
      };
    } finally {
      attribution.dispose();
    }
  } finally {
    x?.dispose();
    wrapped.dispose();
  }
}
