import { type ExplainableModel, forEachBatch, type ResolvedTarget, type RunControl } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { selectorFor } from './target-select.js';

/** Points whose gradients are wanted one by one (not summed), read back to the host. */
export interface RowGradientRequest {
  model: ExplainableModel;
  target: ResolvedTarget;
  /** Rows of `[rows, ...shape]`, float32 row-major. */
  rows: Float32Array;
  /** One example's shape (without the batch dimension). */
  shape: readonly number[];
  /** Row r is scored for example `exampleIds[r]`. */
  exampleIds: readonly number[];
  /** Rows per gradient call. */
  batchSize: number;
  control: RunControl;
  /** Collects a note when a batch ran out of memory and was split. */
  warnings: string[];
}

/**
 * ∂score/∂input at each row, in batches of `batchSize` rows (halved on out-of-memory), as one float32
 * array in the rows' order. For methods whose next point depends on this gradient (Guided IG), so the
 * values must come back to the host each round.
 */
export async function rowGradients(req: RowGradientRequest): Promise<Float32Array> {
  const per = req.shape.reduce((a, b) => a * b, 1);
  const total = req.exampleIds.length;
  const out = new Float32Array(total * per);
  await forEachBatch(
    total,
    req.batchSize,
    async (start, end) => {
      const ids = req.exampleIds.slice(start, end);
      const grad = tf.tidy(() => {
        const inputs = tf.tensor(req.rows.subarray(start * per, end * per), [end - start, ...req.shape]);
        const select = selectorFor(req.target, ids);
        return tf.grad((v: tf.Tensor) => select(req.model.forwardBatched(v)))(inputs, tf.ones([ids.length]));
      });
      try {
        out.set((await grad.data()) as Float32Array, start * per);
      } finally {
        grad.dispose();
      }
    },
    {
      signal: req.control.signal,
      onSplit: (size) => req.warnings.push(`Out of memory at batchSize ${size * 2}; continued with ${size}.`),
    },
  );
  return out;
}
