import {
  type ExplainableModel,
  explain,
  type ImageDataLike,
  imageDataToTensor,
  prepareMnistInput,
  resizeImage,
  type Target,
  tensorToImageData,
  throwIfAborted,
  wrapModel,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs';

/** How the explainer turns a picture into model input: resize to the model's input, or MNIST digit normalisation. */
export type ExplainerPreprocess = 'resize' | 'mnist';

/** The model's prediction for the explained input. */
export interface Prediction {
  /** Index of the highest score. */
  index: number;
  /** Its probability (softmax of the scores unless the model outputs probabilities). */
  probability: number;
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

/** Brings decoded pixels to the model's input shape [H, W, C] with values in [0, 1]. */
export async function prepareInput(
  pixels: ImageDataLike,
  model: ExplainableModel,
  preprocess: ExplainerPreprocess,
): Promise<tf.Tensor3D> {
  const shape = model.inputShape;
  const height = shape?.[1] ?? pixels.height;
  const width = shape?.[2] ?? pixels.width;
  const channels = shape?.[3] ?? 3;
  if (preprocess === 'mnist') {
    const rgb = imageDataToTensor(pixels, { channels: 3 });
    try {
      return await prepareMnistInput(rgb, { fieldSize: height });
    } finally {
      rgb.dispose();
    }
  }
  const image = imageDataToTensor(pixels, { channels: channels === 1 ? 1 : channels === 4 ? 4 : 3 });
  try {
    return resizeImage(image, [height, width]);
  } finally {
    image.dispose();
  }
}

/**
 * Arg-max of the model's scores and its probability (softmax of the scores, unless they already are
 * probabilities). Reads back asynchronously: a synchronous read on WebGPU can break later reads in Chromium.
 */
export async function predictClass(model: ExplainableModel, x: tf.Tensor): Promise<Prediction> {
  const scores = tf.tidy(() => model.predict(x.expandDims(0)).reshape([-1]));
  const raw = await scores.data();
  scores.dispose();
  let index = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] > raw[index]) index = i;
    sum += raw[i];
    min = Math.min(min, raw[i]);
  }
  const isProbability = model.output === 'probabilities' || (min >= 0 && Math.abs(sum - 1) < 1e-3);
  let probability = raw[index];
  if (!isProbability) {
    let total = 0;
    for (let i = 0; i < raw.length; i++) total += Math.exp(raw[i] - raw[index]);
    probability = 1 / total;
  }
  const prediction: Prediction = { index, probability };
  const label = model.classNames?.[index];
  if (label !== undefined) prediction.label = label;
  return prediction;
}

/**
 * Explains one picture: prepares the input, predicts, runs the registered method, and reads everything
 * back, freeing every tensor it made (the model stays cached). Throws AbortError once `signal` aborts.
 */
export async function runExplanation(request: {
  model: tf.LayersModel | tf.GraphModel;
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
      ...request.options,
      method: request.method,
      target: request.target,
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
