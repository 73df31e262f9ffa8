import { type Progress, yieldToEventLoop } from '@loupe/core';
import {
  type MmdCriticResult,
  mmdCritic,
  nearestPrototypes,
  type PrototypeNeighbour,
  type PrototypeSet,
  project,
} from '@loupe/methods-prototype';
import type * as tf from '@tensorflow/tfjs';
import type { SampleSet } from './samples.js';
import type { ModelSession } from './session.js';

/** Per-class prototypes and criticisms of the sample set, and its 2-D projection. */
export interface PrototypeResult {
  set: MmdCriticResult;
  /** Every class's prototypes and criticisms together (what "nearest prototypes" searches). */
  union: PrototypeSet;
  points: number[][];
  layer: string | undefined;
}

/** The layer whose activations define similarity: the shipped CNN's `dense1`, else the one before the output. */
export function defaultEmbeddingLayer(session: ModelSession): string | undefined {
  const layers = session.model.layers;
  if (layers.some((l) => l.name === 'dense1')) return 'dense1';
  return layers.length >= 2 ? layers[layers.length - 2].name : undefined;
}

/**
 * MMD-critic (Kim et al. 2016) per class over the sample digits, in the model's embedding space, then a
 * PCA projection of the same embeddings for the plot.
 */
export async function runPrototypes(request: {
  session: ModelSession;
  samples: SampleSet;
  prototypes: number;
  criticisms: number;
  layer: string | undefined;
  signal: AbortSignal;
  onProgress(p: Progress): void;
}): Promise<PrototypeResult> {
  const embed = { model: request.session.model, ...(request.layer ? { layer: request.layer } : {}) };
  request.onProgress({ done: 0, total: 2, phase: 'MMD-critic' });
  const set = await mmdCritic(request.samples.images, {
    prototypes: request.prototypes,
    criticisms: request.criticisms,
    labels: request.samples.labels,
    perClass: { prototypes: request.prototypes, criticisms: request.criticisms },
    embed,
    signal: request.signal,
  });
  request.onProgress({ done: 1, total: 2, phase: 'projection' });
  await yieldToEventLoop();
  request.signal.throwIfAborted();
  const projection = await project(request.samples.images, { method: 'pca', embed });
  const perClass = set.perClass ?? [];
  const union: PrototypeSet = {
    prototypes: perClass.flatMap((c) => c.prototypes),
    criticisms: perClass.flatMap((c) => c.criticisms),
    labels: set.labels,
    gamma: set.gamma,
  };
  request.onProgress({ done: 2, total: 2, phase: 'projection' });
  return { set, union, points: projection.points, layer: request.layer };
}

/** The three selected examples nearest to an input, among those of its predicted class. */
export async function nearestTo(
  session: ModelSession,
  x: tf.Tensor3D,
  result: PrototypeResult,
  samples: SampleSet,
): Promise<PrototypeNeighbour[]> {
  const found = await nearestPrototypes(session.model, x, result.union, {
    data: samples.images,
    k: 3,
    ...(result.layer ? { layer: result.layer } : {}),
  });
  return found.neighbours[0] ?? [];
}
