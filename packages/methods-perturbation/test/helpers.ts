import { type ExplainableModel, wrapModel } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';

/** f(x) = Σ w ⊙ x (+ bias) per example as a function model over inputs of any rank; one output. */
export function weightedSumModel(weights: tf.Tensor, bias = 0): ExplainableModel {
  return wrapModel(
    (x: tf.Tensor) =>
      tf.tidy(() => {
        const n = x.shape[0];
        return tf.add(tf.sum(tf.reshape(tf.mul(x, weights), [n, -1]), 1, true), bias);
      }),
    { inputShape: weights.shape },
  );
}

/** Deterministic values in [−1, 1) for tests (a fixed LCG; independent of the code under test). */
export function fixedValues(count: number, seed = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  });
}

/** A model that counts how many examples it has scored (to see where work stopped). */
export function countingModel(inner: (x: tf.Tensor) => tf.Tensor): {
  model: ExplainableModel;
  calls: () => number;
  rows: () => number;
} {
  let calls = 0;
  let rows = 0;
  const model = wrapModel((x: tf.Tensor) => {
    calls++;
    rows += x.shape[0];
    return inner(x);
  });
  return { model, calls: () => calls, rows: () => rows };
}

/** Max absolute difference between two arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** Disposes attributions and tensors alike. */
export function release(...things: { dispose(): void }[]): void {
  for (const t of things) t.dispose();
}
