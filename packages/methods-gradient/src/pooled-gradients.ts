import { type BatchPool, forEachBatchInOrder, poolFor } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { ExampleSums } from './example-sums.js';
import type { GradientSumRequest, PointRef } from './gradient-engine.js';

/** Points `[start, end)` of a run where point k belongs to example ⌊k / perExample⌋. */
export function pointsIn(start: number, end: number, perExample: number): PointRef[] {
  const points: PointRef[] = [];
  for (let k = start; k < end; k++)
    points.push({ example: Math.floor(k / perExample), index: k % perExample });
  return points;
}

/**
 * The pool a gradient sum can use: the caller's `pool` when the model can cross a thread, the target is a
 * class per example and no per-call op rules apply (functions stay on this thread). Otherwise null, with
 * the reason in `req.warnings`.
 */
export function gradientPool(req: GradientSumRequest): BatchPool | null {
  const pool = req.control.pool;
  if (!pool) return null;
  const reason = req.rules
    ? 'per-call op rules (guided backprop, deconvnet) cannot cross a thread.'
    : req.target.indices.some((i) => i === null)
      ? 'a target function cannot cross a thread.'
      : null;
  if (reason === null) return poolFor(pool, req.model, req.warnings);
  const note = `The worker pool was not used: ${reason}`;
  if (!req.warnings.includes(note)) req.warnings.push(note);
  return null;
}

interface BatchGradient {
  grad: tf.Tensor;
  multipliers: tf.Tensor | null;
  ids: number[];
}

/**
 * `sumGradients` with the gradient calls on a worker pool: batches are built here, their gradients
 * computed by the pool (several at once) and multiplied and summed here in batch order, exactly as the
 * one-thread loop does, so the sum is the same for any pool size.
 */
export async function sumGradientsOnPool(req: GradientSumRequest, pool: BatchPool): Promise<tf.Tensor> {
  const sums = new ExampleSums(req.n);
  const release = (b: BatchGradient) => tf.dispose([b.grad, b.multipliers].filter((t) => t !== null));
  try {
    await forEachBatchInOrder<BatchGradient>(
      req.n * req.pointsPerExample,
      req.batchSize,
      async (start, end) => {
        const points = pointsIn(start, end, req.pointsPerExample);
        const ids = points.map((p) => p.example);
        const [inputs, multipliers = null] = tf.tidy(() => {
          const batch = req.build(points);
          return batch.multipliers ? [batch.inputs, batch.multipliers] : [batch.inputs];
        });
        try {
          const classes = ids.map((e) => req.target.indices[e] as number);
          const grad = await pool.run(req.model, { kind: 'gradient', inputs, classes }, req.control.signal);
          return { grad, multipliers, ids };
        } catch (err) {
          multipliers?.dispose();
          throw err;
        } finally {
          inputs.dispose();
        }
      },
      (batch) => {
        try {
          const weighted = batch.multipliers ? tf.mul(batch.grad, batch.multipliers) : batch.grad;
          sums.add(weighted, batch.ids);
          if (weighted !== batch.grad) weighted.dispose();
        } finally {
          release(batch);
        }
      },
      // Twice the workers in flight: a worker that finishes never waits for this thread to send more.
      { ...req.control, concurrency: 2 * pool.size, phase: req.phase, release },
    );
    return sums.result();
  } finally {
    sums.dispose();
  }
}
