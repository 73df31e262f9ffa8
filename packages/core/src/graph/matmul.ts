import * as tf from '@tensorflow/tfjs-core';

/** Sums a broadcast result back to an operand's shape (the un-broadcasting step of a gradient). */
export function sumToShape(t: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes([...shape], t.shape);
  const summed = axes.length > 0 ? tf.sum(t, axes, true) : t;
  return tf.reshape(summed, [...shape]);
}

/**
 * Batched matrix product of two computed tensors with a backward pass that sums over broadcast batch
 * dimensions (tfjs's BatchMatMul gradient returns the broadcast shape instead, e.g. [1, 16, 2, 2] for a
 * [1, 2, 2] operand, and fails).
 */
export function batchMatMul(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, y, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([x, y]);
    return {
      value: tf.matMul(x, y, transposeA, transposeB),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [p, q] = saved;
        const g = dy as tf.Tensor;
        const da = transposeA ? tf.matMul(q, g, transposeB, true) : tf.matMul(g, q, false, !transposeB);
        const db = transposeB ? tf.matMul(g, p, true, transposeA) : tf.matMul(p, g, !transposeA, false);
        return [sumToShape(da, p.shape), sumToShape(db, q.shape)];
      },
    };
  });
  return op(a, b);
}
