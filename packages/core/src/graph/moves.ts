import * as tf from '@tensorflow/tfjs-core';
import type { NodeOp } from './types.js';

/**
 * Builders of `move` ops: data movement written with ops that have gradients on every backend (reshape,
 * transpose, slice, pad, concat, tile, reverse), so relevance and multipliers can flow back along the VJP.
 */
export type MoveOp = Extract<NodeOp, { kind: 'move' }>;

function move(what: string, apply: (inputs: readonly tf.Tensor[]) => tf.Tensor): MoveOp {
  return { kind: 'move', what, apply };
}

/** The value unchanged (Dropout and friends at inference, Identity, StopGradient, a float Cast). */
export function identityMove(what = 'Identity'): MoveOp {
  return move(what, (xs) => xs[0]);
}

/** Reshape to `[batch, ...shape]` (`-1` allowed once). */
export function reshapeMove(shape: readonly number[], what = 'Reshape'): MoveOp {
  return move(what, (xs) => tf.reshape(xs[0], [xs[0].shape[0], ...shape]));
}

/** Concatenation along `axis` (negative counts from the end). */
export function concatMove(axis: number, what = 'Concat'): MoveOp {
  return move(what, (xs) => tf.concat([...xs], axis < 0 ? xs[0].rank + axis : axis));
}

/** Stack along a new `axis`. */
export function packMove(axis: number): MoveOp {
  return move('Pack', (xs) => tf.stack([...xs], axis < 0 ? xs[0].rank + 1 + axis : axis));
}

/** Constant padding; `paddings` covers every axis including the batch. */
export function padMove(paddings: readonly (readonly [number, number])[], value = 0, what = 'Pad'): MoveOp {
  const p = paddings.map(([a, b]) => [a, b] as [number, number]);
  return move(what, (xs) => tf.pad(xs[0], p, value));
}

/**
 * Reflect or symmetric padding, written as slices, reverses and a concat: tfjs's MirrorPad gradient only
 * slices out the centre and drops what flowed into the mirrored copies.
 */
export function mirrorPadMove(
  paddings: readonly (readonly [number, number])[],
  mode: 'reflect' | 'symmetric',
): MoveOp {
  // Reflect leaves out the edge element itself, symmetric repeats it.
  const skip = mode === 'reflect' ? 1 : 0;
  return move('MirrorPad', (xs) =>
    paddings.reduce((t, [before, after], axis) => {
      if (before === 0 && after === 0) return t;
      const mirrored = (start: number, count: number) =>
        tf.reverse(
          tf.slice(
            t,
            t.shape.map((_, i) => (i === axis ? start : 0)),
            t.shape.map((d, i) => (i === axis ? count : d)),
          ),
          axis,
        );
      const parts = [
        ...(before > 0 ? [mirrored(skip, before)] : []),
        t,
        ...(after > 0 ? [mirrored(t.shape[axis] - skip - after, after)] : []),
      ];
      return tf.concat(parts, axis);
    }, xs[0]),
  );
}

/** Axis permutation. */
export function transposeMove(perm: readonly number[]): MoveOp {
  return move('Transpose', (xs) => tf.transpose(xs[0], [...perm]));
}

/** `tf.slice`; a size of -1 takes the rest of the axis. */
export function sliceMove(begin: readonly number[], size: readonly number[], what = 'Slice'): MoveOp {
  return move(what, (xs) => tf.slice(xs[0], [...begin], [...size]));
}

/** Repetition along each axis. */
export function tileMove(reps: readonly number[]): MoveOp {
  return move('Tile', (xs) => tf.tile(xs[0], [...reps]));
}

/** A gather along axis 0 with constant indices whose backward scatters (tfjs's gather gradient needs UnsortedSegmentSum, which wasm lacks). */
function gatherRows(x: tf.Tensor, indices: tf.Tensor): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    // Saved, not closed over: computed indices are intermediates that the forward pass frees.
    save([indices]);
    return {
      value: tf.gather(input, indices, 0),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.scatterND(tf.expandDims(saved[0], -1), dy as tf.Tensor, input.shape),
    };
  });
  return op(x);
}

/** `x` gathered along `axis` at int32 `indices` (any rank), with a scatter backward. */
function gatherAxis(x: tf.Tensor, indices: tf.Tensor, axis: number): tf.Tensor {
  const a = axis < 0 ? axis + x.rank : axis;
  const r = indices.rank;
  const front = [a, ...x.shape.map((_, i) => i).filter((i) => i !== a)];
  const gathered = gatherRows(tf.transpose(x, front), indices);
  // [idx…, x₀…x_{a−1}, rest…] → [x₀…x_{a−1}, idx…, rest…]
  const back = [
    ...Array.from({ length: a }, (_, i) => r + i),
    ...Array.from({ length: r }, (_, i) => i),
    ...Array.from({ length: x.rank - 1 - a }, (_, i) => r + a + i),
  ];
  return tf.transpose(gathered, back);
}

/** GatherV2 of a computed tensor along `axis`, at constant int32 indices or (null) the node's second input. */
export function gatherMove(constant: tf.Tensor | null, axis: number): MoveOp {
  return move('GatherV2', (xs) => gatherAxis(xs[0], constant ?? xs[1], axis));
}

/**
 * GatherNd of a computed tensor; the backward scatters dy back (sums duplicates). Indices are a constant,
 * or (when `indices` is null) the node's second input, e.g. computed by an argmax (not differentiated).
 */
export function gatherNdMove(constant: tf.Tensor | null): MoveOp {
  return move('GatherNd', (xs) => {
    const indices = constant ?? xs[1];
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
      save([indices]);
      return {
        value: tf.gatherND(input, indices),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.scatterND(saved[0], dy as tf.Tensor, input.shape),
      };
    });
    return op(xs[0]);
  });
}

/** Keras RepeatVector: `[N, F]` → `[N, n, F]`. */
export function repeatVectorMove(n: number): MoveOp {
  return move('RepeatVector', (xs) => tf.tile(tf.expandDims(xs[0], 1), [1, n, 1]));
}

/** The source index of each output position of one axis, as tfjs's ResizeNearestNeighbor kernels pick it. */
function nearestSources(
  input: number,
  output: number,
  alignCorners: boolean,
  halfPixelCenters: boolean,
): number[] {
  const aligned = alignCorners && output > 1;
  const ratio = (aligned ? input - 1 : input) / (aligned ? output - 1 : output);
  return Array.from({ length: output }, (_, i) => {
    const frac = halfPixelCenters ? ratio * (i + 0.5) : ratio * i;
    const nearest = Math.min(input - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
    return halfPixelCenters ? Math.max(0, nearest) : nearest;
  });
}

/**
 * Nearest-neighbour resize (each output pixel copies one input pixel), as two gathers: tfjs's
 * ResizeNearestNeighborGrad misroutes the gradient with align_corners or half_pixel_centers.
 */
export function nearestResizeMove(
  size: [number, number],
  alignCorners: boolean,
  halfPixelCenters: boolean,
): MoveOp {
  return move('ResizeNearestNeighbor', (xs) => {
    const [, h, w] = xs[0].shape;
    const rows = tf.tensor1d(nearestSources(h, size[0], alignCorners, halfPixelCenters), 'int32');
    const cols = tf.tensor1d(nearestSources(w, size[1], alignCorners, halfPixelCenters), 'int32');
    return gatherAxis(gatherAxis(xs[0], rows, 1), cols, 2);
  });
}

/** Depth-to-space (pixel shuffle), NHWC, written as reshape and transpose (tfjs's kernel has no gradient). */
export function depthToSpaceMove(block: number): MoveOp {
  return move('DepthToSpace', (xs) => {
    const [n, h, w, c] = xs[0].shape;
    const out = c / (block * block);
    const split = tf.reshape(xs[0], [n, h, w, block, block, out]);
    return tf.reshape(tf.transpose(split, [0, 1, 3, 2, 4, 5]), [n, h * block, w * block, out]);
  });
}

/** Space-to-depth, NHWC, the inverse of `depthToSpaceMove`. */
export function spaceToDepthMove(block: number): MoveOp {
  return move('SpaceToDepth', (xs) => {
    const [n, h, w, c] = xs[0].shape;
    const split = tf.reshape(xs[0], [n, h / block, block, w / block, block, c]);
    return tf.reshape(tf.transpose(split, [0, 1, 3, 2, 4, 5]), [n, h / block, w / block, block * block * c]);
  });
}

/**
 * Every `stride`-th element of one axis from `begin` (stride ≥ 1, `count` elements), with differentiable
 * ops: slice the range, pad it to a multiple of the stride, fold the stride into a new axis, keep index 0.
 */
export function strideAxis(
  x: tf.Tensor,
  axis: number,
  begin: number,
  count: number,
  stride: number,
): tf.Tensor {
  if (count <= 0) {
    const shape = [...x.shape];
    shape[axis] = 0;
    return tf.zeros(shape, x.dtype);
  }
  const span = (count - 1) * stride + 1;
  const size = x.shape.map((d, i) => (i === axis ? span : d));
  const start = x.shape.map((_, i) => (i === axis ? begin : 0));
  let t = tf.slice(x, start, size);
  if (stride === 1) return t;
  const pad = x.shape.map((_, i) => [0, i === axis ? count * stride - span : 0] as [number, number]);
  t = tf.pad(t, pad);
  const folded = [...x.shape.slice(0, axis), count, stride, ...x.shape.slice(axis + 1)];
  const sliced = tf.slice(
    tf.reshape(t, folded),
    folded.map(() => 0),
    folded.map((d, i) => (i === axis + 1 ? 1 : d)),
  );
  return tf.reshape(
    sliced,
    x.shape.map((d, i) => (i === axis ? count : d)),
  );
}
