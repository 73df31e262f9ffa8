import * as tf from '@tensorflow/tfjs';
import type { DenseOutput, ModelSession } from '../runtime/session.js';

/** What a segmentation model predicts for one input: a class per output position. */
export interface Segmentation extends DenseOutput {
  /** Predicted class per position, row-major `[height · width]`; -1 where a one-channel mask is off. */
  readonly picks: Int32Array;
  /** Positions predicted per class. */
  readonly counts: number[];
}

/**
 * The model's segmentation of one input `[H, W, C]` (model range), read back asynchronously: the argmax over
 * classes per position, or for a one-channel mask the positions scoring above the model's `maskThreshold`
 * (the rule core's `{ region: 'predicted' }` uses).
 */
export async function predictSegmentation(session: ModelSession, x: tf.Tensor3D): Promise<Segmentation> {
  const dense = session.dense as DenseOutput;
  const { height, width, classes } = dense;
  const onAbove = session.model.maskThreshold;
  const picked = tf.tidy(() => {
    const scores = tf.reshape(session.model.forwardBatched(tf.expandDims(x, 0)), [height * width, classes]);
    if (classes === 1) return tf.sub(tf.cast(tf.greater(tf.squeeze(scores, [1]), onAbove), 'int32'), 1);
    return tf.cast(tf.argMax(scores, 1), 'int32');
  });
  const picks = Int32Array.from(await picked.data());
  picked.dispose();
  const counts = new Array<number>(classes).fill(0);
  for (const k of picks) if (k >= 0) counts[k]++;
  return { height, width, classes, picks, counts };
}
