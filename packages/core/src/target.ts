import * as tf from '@tensorflow/tfjs-core';
import { TargetError } from './errors.js';
import {
  denseOutputError,
  isDenseOutput,
  isRegionTarget,
  type RegionTarget,
  regionSelector,
  selectRegion,
} from './region-target.js';

/**
 * What to explain: a class index for every example, one index per example, `'predicted'` (the argmax of
 * the scores, the default), a function from the scores `[N, ...]` to one scalar per example `[N]` (e.g. a
 * regression output), or a region of a dense output (`regionTarget(mask, class)`, `{ region: 'predicted' }`).
 */
export type Target =
  | number
  | readonly number[]
  | 'predicted'
  | ((scores: tf.Tensor) => tf.Tensor)
  | RegionTarget;

/** A target fixed for a batch: per-example indices (or `null` per example for a function target). */
export interface ResolvedTarget {
  /** Class index per example; `null` where a target function (or a region of several classes) picks the scalar. */
  readonly indices: readonly (number | null)[];
  /** What was asked: one class column per example, a function of the scores, or a region of a dense output. */
  readonly kind: 'class' | 'function' | 'region';
  /** Maps model output `[N, ...]` (the resolved examples, in order) to the explained scalar per example `[N]`. */
  readonly select: (scores: tf.Tensor) => tf.Tensor1D;
  /**
   * The selector for a batch whose row r belongs to example `exampleIds[r]` (paths, noisy copies, perturbed
   * copies): every method scores through it, so classes, functions and regions mean the same everywhere.
   */
  readonly selectFor: (exampleIds: readonly number[]) => (scores: tf.Tensor) => tf.Tensor1D;
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

/** The argmax over flattened scores; a dense output has no single predicted class. */
function predictedOf(scores: tf.Tensor): tf.Tensor {
  if (isDenseOutput(scores.shape)) {
    const error = denseOutputError(scores.shape);
    scores.dispose();
    throw error;
  }
  return tf.tidy(() => tf.argMax(tf.reshape(scores, [scores.shape[0], -1]), 1));
}

/**
 * Per-position predicted classes of a dense output, `[N·P]` (for `{ region: 'predicted' }`). A single-channel
 * output (a sigmoid mask) has one class, predicted where its score exceeds `onAbove`; elsewhere the pick is -1.
 */
function positionArgmax(scores: tf.Tensor, onAbove: number): tf.Tensor {
  return tf.tidy(() => {
    const depth = scores.shape[scores.rank - 1];
    const flat = tf.reshape(scores, [scores.shape[0], -1, depth]);
    if (depth === 1) return tf.sub(tf.cast(tf.greater(tf.squeeze(flat, [2]), onAbove), 'int32'), 1);
    return tf.argMax(flat, 2);
  });
}

/**
 * Fixes a target for a batch of `n` examples. `scoresFor` is called only for `'predicted'` and regions (it
 * must return the scores `[n, ...]`; they are disposed here). Throws `TargetError` for out-of-range indices,
 * a wrong number of indices, a function that does not return one value per example, `'predicted'` on a dense
 * output, and a region mask of the wrong shape. `onAbove`: the score above which a single-channel dense output
 * counts as predicted (0 for logits, 0.5 for probabilities).
 */
export function resolveTarget(
  target: Target | undefined,
  n: number,
  numOutputs: number,
  scoresFor: () => tf.Tensor,
  onAbove = 0,
): ResolvedTarget {
  if (isRegionTarget(target)) {
    const scores = scoresFor();
    const shape = scores.shape;
    const argmax = target.region === 'predicted' ? positionArgmax(scores, onAbove) : null;
    scores.dispose();
    const picks = argmax ? argmax.dataSync() : null;
    argmax?.dispose();
    const mask = target.region === 'predicted' ? null : target.region.dataSync();
    const maskShape = target.region === 'predicted' ? [] : target.region.shape;
    return regionResolved(selectRegion(target, n, shape, mask, picks, maskShape));
  }
  return resolveWith(target, n, numOutputs, () => {
    const argmax = predictedOf(scoresFor());
    const indices = Array.from(argmax.dataSync());
    argmax.dispose();
    return indices;
  });
}

/**
 * `resolveTarget` with asynchronous reads (predicted classes, region masks), for backends whose synchronous
 * readback is unavailable (WebGPU in Node) and to keep the UI thread free.
 */
export async function resolveTargetAsync(
  target: Target | undefined,
  n: number,
  numOutputs: number,
  scoresFor: () => tf.Tensor,
  onAbove = 0,
): Promise<ResolvedTarget> {
  if (isRegionTarget(target)) {
    const scores = scoresFor();
    const shape = scores.shape;
    const argmax = target.region === 'predicted' ? positionArgmax(scores, onAbove) : null;
    scores.dispose();
    const picks = argmax ? await argmax.data() : null;
    argmax?.dispose();
    if (target.region !== 'predicted' && target.region.isDisposed)
      throw new TargetError('The region mask has been disposed; pass a live tensor.');
    const mask = target.region === 'predicted' ? null : await target.region.data();
    const maskShape = target.region === 'predicted' ? [] : target.region.shape;
    return regionResolved(selectRegion(target, n, shape, mask, picks, maskShape));
  }
  let predicted: number[] | null = null;
  if ((target ?? 'predicted') === 'predicted') {
    const argmax = predictedOf(scoresFor());
    predicted = Array.from(await argmax.data());
    argmax.dispose();
  }
  return resolveWith(target, n, numOutputs, () => predicted as number[]);
}

function regionResolved(sel: ReturnType<typeof selectRegion>): ResolvedTarget {
  const all = sel.indices.map((_, e) => e);
  return {
    indices: sel.indices,
    kind: 'region',
    select: regionSelector(sel, all),
    selectFor: (ids) => regionSelector(sel, ids),
  };
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
    return { indices: new Array<null>(n).fill(null), kind: 'function', select, selectFor: () => select };
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
      `Unrecognised target ${String(t)}; use a class index, an array of indices, 'predicted', a function or a region ({ region: mask | 'predicted', class }).`,
    );
  }
  for (const i of indices) checkIndex(i, numOutputs);
  return {
    indices,
    kind: 'class',
    select: selectByIndex(indices),
    selectFor: (ids) => selectByIndex(ids.map((e) => indices[e])),
  };
}
