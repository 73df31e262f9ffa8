import * as tf from '@tensorflow/tfjs-core';
import { TargetError } from './errors.js';

/**
 * What to explain: a class index for every example, one index per example, `'predicted'` (the argmax of
 * the scores, the default), or a function from the scores `[N, ...]` to one scalar per example `[N]`
 * (e.g. the sum of a segmentation mask, or a regression output).
 */
export type Target = number | readonly number[] | 'predicted' | ((scores: tf.Tensor) => tf.Tensor);

/** A target fixed for a batch: per-example indices (or `null` per example for a function target). */
export interface ResolvedTarget {
  /** Class index per example; `null` where a target function picks the scalar. */
  readonly indices: readonly (number | null)[];
  /** Maps model output `[N, ...]` to the explained scalar per example `[N]`; differentiable. */
  readonly select: (scores: tf.Tensor) => tf.Tensor1D;
}

function checkIndex(i: number, numClasses: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= numClasses) {
    throw new TargetError(
      `Target class ${i} is out of range: the model has ${numClasses} outputs (0–${numClasses - 1}).`,
    );
  }
}

/** The differentiable selector of class `indices[r]` for row r (a single-output model needs none). */
export function selectByIndex(indices: readonly number[]): (scores: tf.Tensor) => tf.Tensor1D {
  return (scores) =>
    tf.tidy(() => {
      const flat = tf.reshape(scores, [scores.shape[0], -1]) as tf.Tensor2D;
      // A single output (regression, binary logit) needs no selection; tf.oneHot rejects depth 1.
      if (flat.shape[1] === 1) return tf.reshape(flat, [flat.shape[0]]) as tf.Tensor1D;
      const oneHot = tf.oneHot(tf.tensor1d(indices as number[], 'int32'), flat.shape[1]);
      return tf.sum(tf.mul(flat, oneHot), 1) as tf.Tensor1D;
    });
}

/**
 * Fixes a target for a batch of `n` examples. `scoresFor` is called only for `'predicted'` (it must return
 * the scores `[n, ...]`; they are disposed here). Throws `TargetError` for out-of-range indices, a wrong
 * number of indices, or a function that does not return one value per example.
 */
export function resolveTarget(
  target: Target | undefined,
  n: number,
  numOutputs: number,
  scoresFor: () => tf.Tensor,
): ResolvedTarget {
  return resolveWith(target, n, numOutputs, () => {
    const scores = scoresFor();
    const argmax = tf.tidy(() => tf.argMax(tf.reshape(scores, [scores.shape[0], -1]), 1));
    const indices = Array.from(argmax.dataSync());
    argmax.dispose();
    scores.dispose();
    return indices;
  });
}

/**
 * `resolveTarget` with an asynchronous read of the predicted classes, for backends whose synchronous
 * readback is unavailable (WebGPU in Node) and to keep the UI thread free.
 */
export async function resolveTargetAsync(
  target: Target | undefined,
  n: number,
  numOutputs: number,
  scoresFor: () => tf.Tensor,
): Promise<ResolvedTarget> {
  let predicted: number[] | null = null;
  if ((target ?? 'predicted') === 'predicted') {
    const scores = scoresFor();
    const argmax = tf.tidy(() => tf.argMax(tf.reshape(scores, [scores.shape[0], -1]), 1));
    predicted = Array.from(await argmax.data());
    argmax.dispose();
    scores.dispose();
  }
  return resolveWith(target, n, numOutputs, () => predicted as number[]);
}

function resolveWith(
  target: Target | undefined,
  n: number,
  numOutputs: number,
  predicted: () => number[],
): ResolvedTarget {
  const t = target ?? 'predicted';
  if (typeof t === 'function') {
    const select = (scores: tf.Tensor): tf.Tensor1D => {
      const out = t(scores);
      if (out.rank !== 1 || out.shape[0] !== scores.shape[0]) {
        throw new TargetError(
          `The target function returned shape [${out.shape.join(', ')}]; it must return one scalar per example, shape [${scores.shape[0]}] (e.g. s => s.sum(1)).`,
        );
      }
      return out as tf.Tensor1D;
    };
    return { indices: new Array<null>(n).fill(null), select };
  }
  let indices: number[];
  if (t === 'predicted') {
    indices = predicted();
  } else if (typeof t === 'number') {
    indices = new Array<number>(n).fill(t);
  } else if (Array.isArray(t)) {
    if (t.length !== n)
      throw new TargetError(
        `Got ${t.length} target indices for ${n} examples; give one per example or a single index.`,
      );
    indices = [...t];
  } else {
    throw new TargetError(
      `Unrecognised target ${String(t)}; use a class index, an array of indices, 'predicted' or a function.`,
    );
  }
  for (const i of indices) checkIndex(i, numOutputs);
  return { indices, select: selectByIndex(indices) };
}
