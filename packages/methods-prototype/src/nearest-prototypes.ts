import { type ExplainableModel, InputShapeError, type ModelLike, OptionError, wrapModel } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { crossSquaredDistances } from './distances.js';
import { loadRows } from './embed.js';
import { checkCount } from './labels.js';
import { checkOptionNames } from './option-names.js';
import type { PrototypeSet } from './types.js';

/** Options of `nearestPrototypes`. */
export interface NearestPrototypesOptions {
  /** The inputs (batch first) that the set's indices point into. */
  data: tf.Tensor;
  /** Layer whose activations define "close"; omitted: distances in input space. */
  layer?: string;
  /** Neighbours per input. Default 3. */
  k?: number;
  /** Also consider the set's criticisms. Default true. */
  includeCriticisms?: boolean;
  /**
   * Only consider examples labelled with the model's predicted class (numeric labels are class
   * indices, string labels are matched against `classNames`). Default: true when the set has labels.
   */
  sameClass?: boolean;
  /** Examples per forward pass. Default 64. */
  batchSize?: number;
}

/** One selected example near an input. */
export interface PrototypeNeighbour {
  /** Row index into `data`. */
  index: number;
  kind: 'prototype' | 'criticism';
  /** Euclidean distance in the chosen space. */
  distance: number;
  label?: number | string;
  /** ProtoDash weight of this prototype, when the set has weights. */
  weight?: number;
}

/** For every input: the predicted class and the nearest selected examples, closest first. */
export interface NearestPrototypesResult {
  predicted: number[];
  neighbours: PrototypeNeighbour[][];
}

/**
 * Example-based explanation of predictions ("classified as 7, and it looks like these 7s"): the k
 * prototypes (and criticisms) of a `PrototypeSet` closest to each input, in a layer's activation space.
 * `x` may have a batch dimension or not; all tensors created here are freed.
 */
export async function nearestPrototypes(
  model: ModelLike | ExplainableModel,
  x: tf.Tensor,
  set: PrototypeSet,
  options: NearestPrototypesOptions,
): Promise<NearestPrototypesResult> {
  checkOptionNames('nearestPrototypes', options);
  const k = checkCount(options.k ?? 3, 'k', 1);
  const wrapped = wrapModel(model);
  try {
    const candidates = [
      ...set.prototypes.map((index, p) => ({ index, kind: 'prototype' as const, weight: set.weights?.[p] })),
      ...(options.includeCriticisms === false
        ? []
        : set.criticisms.map((index) => ({ index, kind: 'criticism' as const, weight: undefined }))),
    ];
    const n = options.data.shape[0];
    for (const c of candidates) {
      if (!Number.isInteger(c.index) || c.index < 0 || c.index >= n) {
        throw new OptionError(
          `The prototype set refers to row ${c.index}, but data has ${n} rows; pass the data the set was computed on.`,
        );
      }
    }
    if (set.labels && set.labels.length !== n)
      throw new InputShapeError(`The set has ${set.labels.length} labels but data has ${n} rows.`);
    const { batched } = wrapped.normalize(x);
    try {
      const embed =
        options.layer === undefined
          ? undefined
          : { model: wrapped, layer: options.layer, batchSize: options.batchSize };
      const query = await loadRows(batched, embed, {}, 'x');
      const chosen = tf.gather(
        options.data,
        candidates.map((c) => c.index),
      );
      const reference = await loadRows(chosen, embed, {}, 'data').finally(() => chosen.dispose());
      const classes = tf.tidy(() => tf.argMax(tf.reshape(wrapped.predict(batched), [query.n, -1]), 1));
      const predicted = Array.from(await classes.data().finally(() => classes.dispose()));
      const sq = crossSquaredDistances(query, reference);
      const sameClass = options.sameClass ?? set.labels !== undefined;
      const neighbours = predicted.map((cls, q) => {
        const list = candidates
          .map((c, r) => ({
            ...c,
            label: set.labels?.[c.index],
            distance: Math.sqrt(sq[q * reference.n + r]),
          }))
          .filter((c) => !sameClass || c.label === cls || c.label === wrapped.classNames?.[cls])
          .sort((a, b) => a.distance - b.distance || a.index - b.index)
          .slice(0, k);
        return list.map(({ index, kind, distance, label, weight }) => ({
          index,
          kind,
          distance,
          ...(label === undefined ? {} : { label }),
          ...(weight === undefined ? {} : { weight }),
        }));
      });
      return { predicted, neighbours };
    } finally {
      if (batched !== x) batched.dispose();
    }
  } finally {
    if (wrapped !== model) wrapped.dispose();
  }
}
