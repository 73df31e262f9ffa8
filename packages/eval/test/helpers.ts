import { SeededRandom } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import type { ExplainFunction } from '../src/index.js';

/** Seeded uniform values in [lo, hi). */
export function uniform(n: number, seed: number, lo = 0, hi = 1): number[] {
  const r = new SeededRandom(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * r.uniform());
}

/** A tensor of seeded uniform values. */
export function uniformTensor(shape: number[], seed: number, lo = 0, hi = 1): tf.Tensor {
  return tf.tensor(
    uniform(
      shape.reduce((a, b) => a * b, 1),
      seed,
      lo,
      hi,
    ),
    shape,
  );
}

/** The plain input gradient as an explain function (a method the metrics can re-run). */
export const gradientMethod: ExplainFunction = async (model, x, options) => {
  const { gradient, scores } = model.inputGradient(x, options.target);
  scores.dispose();
  return gradient;
};
