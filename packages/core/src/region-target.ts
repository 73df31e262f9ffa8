import * as tf from '@tensorflow/tfjs-core';
import { TargetError } from './errors.js';

/**
 * A region of a dense output (segmentation `[N, H, W, K]`, per-step `[N, T, K]`) to explain: the sum (or
 * mean) over the region's positions of a class's scores. `region` is a mask over the output's positions
 * (`[H, W]`, `[H, W, 1]`, or per example `[N, H, W]` / `[N, H, W, 1]`; `[T]` / `[N, T]` for sequences; non-zero
 * values weight their positions) or `'predicted'`: the positions the model assigns to `class`, or, without
 * `class`, every position scored on its own predicted class (the whole predicted segmentation).
 */
export interface RegionTarget {
  readonly region: tf.Tensor | 'predicted';
  /** The class whose scores count; required with a mask. */
  readonly class?: number;
  /** `'sum'` (default) or `'mean'` over the region's weight. */
  readonly reduce?: 'sum' | 'mean';
}

/**
 * A region target (see `RegionTarget`): the sum (`reduce: 'mean'`: mean) of class `classIndex`'s scores over
 * the positions where `mask` is non-zero, e.g. "why is this blob a car". The mask covers the output's
 * positions, not the input's (they agree for most segmentation models).
 */
export function regionTarget(
  mask: tf.Tensor,
  classIndex: number,
  options: { reduce?: 'sum' | 'mean' } = {},
): RegionTarget {
  return { region: mask, class: classIndex, reduce: options.reduce ?? 'sum' };
}

/** True for a `RegionTarget` object. */
export function isRegionTarget(t: unknown): t is RegionTarget {
  return typeof t === 'object' && t !== null && !Array.isArray(t) && 'region' in t;
}

/** What a region target became for one batch: per example, a weight and a class per output position. */
export interface RegionSelection {
  /** Weight of each position per example, `[n][P]`. */
  weights: Float32Array[];
  /** Class scored at each position per example, `[n][P]`. */
  classes: Int32Array[];
  /** Per example: the one class when the region has one, else null. */
  indices: (number | null)[];
  /** Positions per example and classes per position. */
  positions: number;
  depth: number;
}

/** Positions (product of the dims between batch and classes) and classes of a dense output shape. */
export function denseDims(shape: readonly number[]): { positions: number; depth: number } {
  const depth = shape[shape.length - 1];
  const positions = shape.slice(1, -1).reduce((a, b) => a * b, 1);
  return { positions, depth };
}

/** True for outputs with a score per position and class (more than one position). */
export function isDenseOutput(shape: readonly number[]): boolean {
  return shape.length >= 3 && denseDims(shape).positions > 1;
}

/** The default-target error on a dense output: names the output and what to pass instead. */
export function denseOutputError(shape: readonly number[]): TargetError {
  return new TargetError(
    `The model's output [N, ${shape.slice(1).join(', ')}] is dense (a score per position and class), so 'predicted' names no single class. Explain a region: target: regionTarget(mask, class) (a mask over the output's positions), { region: 'predicted' } (every position on its predicted class) or { region: 'predicted', class: k }, or pass a function of the scores.`,
  );
}

/**
 * Fixes a region target for `n` examples whose output has `shape` (`[n, ...positions, K]`). `maskValues` is
 * the mask read back (null for `'predicted'`), `argmax` each position's predicted class read back (null for a
 * mask). Throws `TargetError` for a non-dense output, a mask of the wrong shape, a class out of range or a
 * region left empty.
 */
export function selectRegion(
  t: RegionTarget,
  n: number,
  shape: readonly number[],
  maskValues: ArrayLike<number> | null,
  argmax: ArrayLike<number> | null,
  maskShape: readonly number[] = [],
): RegionSelection {
  if (shape.length < 3) {
    throw new TargetError(
      `A region target needs a dense output [N, ..., classes]; this model's output is [N, ${shape.slice(1).join(', ')}]. Use a class index instead.`,
    );
  }
  const { positions, depth } = denseDims(shape);
  const c = t.class;
  if (c !== undefined && (!Number.isInteger(c) || c < 0 || c >= depth)) {
    throw new TargetError(
      `Region class ${c} is out of range: the output has ${depth} classes (0–${depth - 1}).`,
    );
  }
  if (t.reduce !== undefined && t.reduce !== 'sum' && t.reduce !== 'mean')
    throw new TargetError(`Region reduce must be 'sum' or 'mean'; got ${String(t.reduce)}.`);
  const weights: Float32Array[] = [];
  const classes: Int32Array[] = [];
  if (t.region === 'predicted') {
    const picks = argmax as ArrayLike<number>;
    for (let e = 0; e < n; e++) {
      // A pick of -1 marks a position a single-channel output leaves off.
      const own = Int32Array.from({ length: positions }, (_, p) => picks[e * positions + p]);
      weights.push(Float32Array.from(own, (k) => (k >= 0 && (c === undefined || k === c) ? 1 : 0)));
      classes.push(c === undefined ? own.map((k) => Math.max(k, 0)) : new Int32Array(positions).fill(c));
    }
  } else {
    if (c === undefined)
      throw new TargetError('A region target with a mask needs a class: regionTarget(mask, class).');
    const dims = shape.slice(1, -1);
    const own =
      maskShape[maskShape.length - 1] === 1 && maskShape.length > dims.length
        ? maskShape.slice(0, -1)
        : maskShape;
    const shared = own.length === dims.length && own.every((d, i) => d === dims[i]);
    const perExample =
      own.length === dims.length + 1 && own[0] === n && own.slice(1).every((d, i) => d === dims[i]);
    if (!shared && !perExample) {
      throw new TargetError(
        `The region mask has shape [${maskShape.join(', ')}]; for an output [N, ${shape.slice(1).join(', ')}] it must be [${dims.join(', ')}] (or with a trailing 1, or with the batch ${n} in front). Resize the mask to the output's positions.`,
      );
    }
    const values = maskValues as ArrayLike<number>;
    for (let e = 0; e < n; e++) {
      const from = perExample ? e * positions : 0;
      weights.push(Float32Array.from({ length: positions }, (_, p) => values[from + p]));
      classes.push(new Int32Array(positions).fill(c));
    }
  }
  weights.forEach((w, e) => {
    const total = w.reduce((a, b) => a + b, 0);
    if (!(total > 0)) {
      throw new TargetError(
        `The region of example ${e} is empty${t.region === 'predicted' ? ` (the model predicts class ${c} nowhere)` : ' (the mask is all zeros)'}; give a region with some positions.`,
      );
    }
    if (t.reduce === 'mean') for (let p = 0; p < w.length; p++) w[p] /= total;
  });
  const indices = classes.map(() => c ?? null);
  return { weights, classes, indices, positions, depth };
}

/** The differentiable score of rows belonging to examples `exampleIds`: Σ_p weight_p · s[p, class_p]. */
export function regionSelector(
  sel: RegionSelection,
  exampleIds: readonly number[],
): (scores: tf.Tensor) => tf.Tensor1D {
  return (scores) =>
    tf.tidy(() => {
      const b = exampleIds.length;
      const w = new Float32Array(b * sel.positions);
      const k = new Int32Array(b * sel.positions);
      exampleIds.forEach((e, r) => {
        w.set(sel.weights[e], r * sel.positions);
        k.set(sel.classes[e], r * sel.positions);
      });
      const flat = tf.reshape(scores, [b, sel.positions, sel.depth]);
      // tf.oneHot needs depth ≥ 2; one output channel (a sigmoid mask) is its own class.
      const pick =
        sel.depth === 1
          ? tf.ones([b, sel.positions, 1])
          : tf.oneHot(tf.tensor2d(k, [b, sel.positions], 'int32'), sel.depth);
      const weighted = tf.mul(pick, tf.reshape(tf.tensor2d(w, [b, sel.positions]), [b, sel.positions, 1]));
      return tf.sum(tf.mul(flat, weighted), [1, 2]) as tf.Tensor1D;
    });
}
