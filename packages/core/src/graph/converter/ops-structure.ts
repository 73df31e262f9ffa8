import * as tf from '@tensorflow/tfjs-core';
import {
  concatMove,
  depthToSpaceMove,
  gatherMove,
  gatherNdMove,
  mirrorPadMove,
  nearestResizeMove,
  packMove,
  padMove,
  sliceMove,
  spaceToDepthMove,
  tileMove,
  transposeMove,
} from '../moves.js';
import type { NodeOp } from '../types.js';
import { type NodeContext, NotTranslatable } from './node-context.js';
import { stridedSliceMove } from './strided-slice.js';

function pairs(flat: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

function requireNhwc(ctx: NodeContext): void {
  const format = ctx.attr<string>('dataFormat', 'nhwc').toLowerCase();
  if (format !== 'nhwc') throw new NotTranslatable(`data format ${format}`);
}

/**
 * Reshape to the converter's target shape, read at run time against the input: a leading −1 is the batch;
 * a target that fits the input exactly is used as is; a leading 1 in a graph exported for batch 1 stands
 * for the batch when the input has more examples.
 */
function reshape(ctx: NodeContext): number {
  const shape = ctx.numbers('shape');
  // A target computed from the input's shape: its leading batch entry is the run-time batch.
  const fromBatch = ctx.host('shape')?.batch[0] === true;
  const op: NodeOp = {
    kind: 'move',
    what: 'Reshape',
    apply: (xs) => {
      const x = xs[0];
      if (fromBatch) return tf.reshape(x, [x.shape[0], ...shape.slice(1)]);
      const known = shape.every((d) => d >= 0) ? shape.reduce((p, q) => p * q, 1) : -1;
      if (shape[0] === -1 || known === x.size || shape.length === 0) return tf.reshape(x, shape);
      if (shape[0] === 1) return tf.reshape(x, [x.shape[0], ...shape.slice(1)]);
      return tf.reshape(x, shape);
    },
  };
  return ctx.emit(op, [ctx.nodeId('x')]);
}

function squeeze(ctx: NodeContext): number {
  const axes = ctx.attr<number[]>('axis', []);
  const op: NodeOp = {
    kind: 'move',
    what: 'Squeeze',
    apply: (xs) => {
      const x = xs[0];
      // Without axes every size-1 dimension goes, except the batch.
      const drop = axes.length
        ? axes.map((a) => (a < 0 ? a + x.rank : a))
        : x.shape.flatMap((d, i) => (d === 1 && i > 0 ? [i] : []));
      return tf.reshape(
        x,
        x.shape.filter((_, i) => !drop.includes(i)),
      );
    },
  };
  return ctx.emit(op, [ctx.nodeId('x')]);
}

function expandDims(ctx: NodeContext): number {
  const axis = ctx.numbers('axis')[0];
  return ctx.emit({ kind: 'move', what: 'ExpandDims', apply: (xs) => tf.expandDims(xs[0], axis) }, [
    ctx.nodeId('x'),
  ]);
}

/** Concatenation or stacking whose operands may include constants (kept in place). */
function joined(ctx: NodeContext, build: (n: number) => NodeOp): number {
  const values = ctx.values('tensors');
  if (values.some((v) => v.kind === 'shape')) throw new NotTranslatable('a shape-derived operand');
  const ids = values.flatMap((v) => (v.kind === 'node' ? [v.id] : []));
  const inner = build(values.length);
  if (ids.length === values.length || inner.kind !== 'move') return ctx.emit(inner, ids);
  const apply = inner.apply;
  const op: NodeOp = {
    kind: 'move',
    what: inner.what,
    apply: (xs) => {
      let k = 0;
      const batch = xs[0].shape[0];
      // Constants exported with a batch of 1 (anchors, priors) follow the input's batch.
      const fit = (t: tf.Tensor) =>
        t.rank > 0 && t.shape[0] === 1 && batch > 1
          ? tf.tile(t, [batch, ...t.shape.slice(1).map(() => 1)])
          : t;
      return apply(
        values.map((v) => (v.kind === 'node' ? xs[k++] : fit((v as { tensor: tf.Tensor }).tensor))),
      );
    },
  };
  return ctx.emit(op, ids);
}

/**
 * The outputs of Unpack/Split/SplitV: slices along `axis` (squeezed for Unpack); `sizes` gives the
 * slice sizes from the run-time length of the axis.
 */
function pieces(
  ctx: NodeContext,
  x: number,
  axis: number,
  count: number,
  sizes: (length: number) => number[],
  squeezeAxis: boolean,
): number[] {
  return Array.from({ length: count }, (_, k) => {
    const op: NodeOp = {
      kind: 'move',
      what: ctx.node.op,
      apply: (xs) => {
        const a = axis < 0 ? axis + xs[0].rank : axis;
        const all = sizes(xs[0].shape[a]);
        const start = all.slice(0, k).reduce((p, q) => p + q, 0);
        const piece = tf.slice(
          xs[0],
          xs[0].shape.map((_, i) => (i === a ? start : 0)),
          xs[0].shape.map((d, i) => (i === a ? all[k] : d)),
        );
        return squeezeAxis ? tf.squeeze(piece, [a]) : piece;
      },
    };
    return ctx.emit(op, [x], `:${k}`);
  });
}

function split(ctx: NodeContext): number[] {
  const x = ctx.nodeId('x');
  const axis = ctx.numbers('axis')[0];
  if (ctx.node.op === 'SplitV') {
    const given = ctx.numbers('numOrSizeSplits');
    // One size may be -1: the rest of the axis.
    const sizes = (length: number) => {
      const known = given.filter((s) => s >= 0).reduce((p, q) => p + q, 0);
      return given.map((s) => (s < 0 ? length - known : s));
    };
    return pieces(ctx, x, axis, given.length, sizes, false);
  }
  const n = ctx.attr<number>('numOrSizeSplits', 1);
  return pieces(ctx, x, axis, n, (length) => new Array<number>(n).fill(length / n), false);
}

function unpack(ctx: NodeContext): number[] {
  const num = ctx.attr<number>('num', 1);
  return pieces(
    ctx,
    ctx.nodeId('tensor'),
    ctx.attr<number>('axis', 0),
    num,
    () => new Array<number>(num).fill(1),
    true,
  );
}

function pool(ctx: NodeContext): number {
  requireNhwc(ctx);
  const k = ctx.attr<number[]>('kernelSize', [1, 1, 1, 1]);
  const s = ctx.attr<number[]>('strides', [1, 1, 1, 1]);
  const pad = ctx.attr<string>('pad', 'valid');
  if (pad !== 'same' && pad !== 'valid') throw new NotTranslatable(`padding ${pad}`);
  return ctx.emit(
    {
      kind: 'pool',
      pool: ctx.node.op === 'MaxPool' ? 'max' : 'avg',
      rank: 2,
      poolSize: [k[1], k[2]],
      strides: [s[1], s[2]],
      padding: pad,
    },
    [ctx.nodeId('x')],
  );
}

function reduce(ctx: NodeContext): number {
  const which = ctx.node.op.toLowerCase() as 'mean' | 'sum' | 'max' | 'min';
  return ctx.emit(
    {
      kind: 'reduce',
      reduce: which,
      axes: ctx.numbers('axis'),
      keepDims: ctx.attr<boolean>('keepDims', false),
    },
    [ctx.nodeId('x')],
  );
}

function resize(ctx: NodeContext): number {
  const size = ctx.numbers('size') as [number, number];
  const align = ctx.attr<boolean>('alignCorners', false);
  const half = ctx.attr<boolean>('halfPixelCenters', false);
  const x = ctx.nodeId('images');
  if (ctx.node.op === 'ResizeNearestNeighbor') return ctx.emit(nearestResizeMove(size, align, half), [x]);
  return ctx.emit({ kind: 'resize', size, alignCorners: align, halfPixelCenters: half }, [x]);
}

/** Constant int32 indices, or the computed indices as the node's second input. */
function gatherIndices(ctx: NodeContext): [tf.Tensor | null, number[]] {
  const v = ctx.value('indices');
  if (v.kind === 'node') return [null, [ctx.nodeId('x'), v.id]];
  const indices = ctx.constant('indices');
  if (indices.dtype !== 'int32') throw new NotTranslatable('gather indices');
  return [indices, [ctx.nodeId('x')]];
}

type Rule = (ctx: NodeContext) => number | number[];

/** Translation rules of structural and window ops, by converter op name. */
export const STRUCTURE_RULES: Record<string, Rule> = {
  Reshape: reshape,
  Squeeze: squeeze,
  ExpandDims: expandDims,
  Transpose: (ctx) => ctx.emit(transposeMove(ctx.numbers('perm')), [ctx.nodeId('x')]),
  Pad: (ctx) =>
    ctx.emit(padMove(pairs(ctx.numbers('padding')), ctx.attr<number>('constantValue', 0)), [ctx.nodeId('x')]),
  PadV2: (ctx) =>
    ctx.emit(
      padMove(pairs(ctx.numbers('padding')), ctx.has('constantValue') ? ctx.numbers('constantValue')[0] : 0),
      [ctx.nodeId('x')],
    ),
  MirrorPad: (ctx) =>
    ctx.emit(
      mirrorPadMove(
        pairs(ctx.numbers('padding')),
        ctx.attr<string>('mode', 'reflect').toLowerCase() as 'reflect' | 'symmetric',
      ),
      [ctx.nodeId('x')],
    ),
  ConcatV2: (ctx) => joined(ctx, () => concatMove(ctx.numbers('axis')[0], 'ConcatV2')),
  Concat: (ctx) => joined(ctx, () => concatMove(ctx.numbers('axis')[0], 'Concat')),
  Pack: (ctx) => joined(ctx, () => packMove(ctx.attr<number>('axis', 0))),
  Unpack: unpack,
  Split: split,
  SplitV: split,
  Slice: (ctx) => ctx.emit(sliceMove(ctx.numbers('begin'), ctx.numbers('size')), [ctx.nodeId('x')]),
  StridedSlice: (ctx) => ctx.emit(stridedSliceMove(ctx), [ctx.nodeId('x')]),
  Tile: (ctx) => ctx.emit(tileMove(ctx.numbers('reps')), [ctx.nodeId('x')]),
  BroadcastTo: (ctx) => {
    const shape = ctx.numbers('shape');
    return ctx.emit(
      {
        kind: 'move',
        what: 'BroadcastTo',
        apply: (xs) => tf.broadcastTo(xs[0], [xs[0].shape[0], ...shape.slice(1)]),
      },
      [ctx.nodeId('x')],
    );
  },
  ReverseV2: (ctx) => {
    const axes = ctx.numbers('axis');
    return ctx.emit({ kind: 'move', what: 'ReverseV2', apply: (xs) => tf.reverse(xs[0], axes) }, [
      ctx.nodeId('x'),
    ]);
  },
  DepthToSpace: (ctx) => {
    requireNhwc(ctx);
    return ctx.emit(depthToSpaceMove(ctx.attr<number>('blockSize', 2)), [ctx.nodeId('x')]);
  },
  SpaceToDepth: (ctx) => {
    requireNhwc(ctx);
    return ctx.emit(spaceToDepthMove(ctx.attr<number>('blockSize', 2)), [ctx.nodeId('x')]);
  },
  GatherV2: (ctx) => {
    if (ctx.attr<number>('batchDims', 0) !== 0) throw new NotTranslatable('gather with batch dimensions');
    const [indices, inputs] = gatherIndices(ctx);
    return ctx.emit(gatherMove(indices, ctx.has('axis') ? ctx.numbers('axis')[0] : 0), inputs);
  },
  GatherNd: (ctx) => {
    const [indices, inputs] = gatherIndices(ctx);
    return ctx.emit(gatherNdMove(indices), inputs);
  },
  MaxPool: pool,
  AvgPool: pool,
  Mean: reduce,
  Sum: reduce,
  Max: reduce,
  Min: reduce,
  ResizeBilinear: resize,
  ResizeNearestNeighbor: resize,
};
