import * as tf from '@tensorflow/tfjs-core';
import { strideAxis } from '../moves.js';
import type { NodeOp } from '../types.js';
import type { NodeContext } from './node-context.js';

/**
 * StridedSlice as a `move` op built from differentiable ops (tfjs registers no gradient for its
 * StridedSlice kernel): each axis is sliced with its stride (reversed first for negative strides), then
 * the result takes TensorFlow's final shape (shrunk and new axes). Geometry comes from tfjs's own
 * `slice_util.sliceInfo` on the run-time shape, so masks and ellipses follow TensorFlow exactly.
 */
export function stridedSliceMove(ctx: NodeContext): NodeOp {
  const begin = ctx.numbers('begin');
  const end = ctx.numbers('end');
  const strides = ctx.has('strides') ? ctx.numbers('strides') : begin.map(() => 1);
  const masks = ['beginMask', 'endMask', 'ellipsisMask', 'newAxisMask', 'shrinkAxisMask'].map((m) =>
    ctx.attr<number>(m, 0),
  );
  return {
    kind: 'move',
    what: 'StridedSlice',
    apply: (xs) => {
      const x = xs[0];
      const info = tf.slice_util.sliceInfo(
        x.shape,
        begin,
        end,
        strides,
        masks[0],
        masks[1],
        masks[2],
        masks[3],
        masks[4],
      );
      let t = x;
      info.strides.forEach((s, axis) => {
        const n = t.shape[axis];
        let b = info.begin[axis];
        let step = s;
        if (s < 0) {
          t = tf.reverse(t, axis);
          b = n - 1 - b;
          step = -s;
        }
        const e = s < 0 ? n - 1 - info.end[axis] : info.end[axis];
        const count = Math.max(0, Math.ceil((e - b) / step));
        if (b !== 0 || step !== 1 || count !== n) t = strideAxis(t, axis, b, count, step);
      });
      return tf.reshape(t, info.finalShape);
    },
  };
}
