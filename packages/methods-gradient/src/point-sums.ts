import { forEachBatch, type RunControl } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { ExampleSums } from './example-sums.js';

/** One evaluation point: which example it belongs to and its index among that example's points. */
export interface PointRef {
  example: number;
  index: number;
}

/** A per-example sum over many points (path steps) of whatever `compute` returns for a batch of points. */
export interface PointSumRequest {
  /** Number of examples. */
  n: number;
  pointsPerExample: number;
  /** Points per call of `compute`. */
  batchSize: number;
  /** Values `[B, ...]` for a batch of points (point k of example e is `{ example: e, index: k }`); runs in `tf.tidy`. */
  compute: (points: readonly PointRef[]) => tf.Tensor;
  control: RunControl;
  phase: string;
  /** Collects notes such as a batch split after running out of memory. */
  warnings: string[];
}

/**
 * Σ over each example's points of `compute`, in batches of `batchSize` points (abortable, with progress, split
 * in half when a batch runs out of memory). Memory holds one batch plus one sum per example. Returns `[n, ...]`.
 */
export async function sumOverPoints(req: PointSumRequest): Promise<tf.Tensor> {
  const sums = new ExampleSums(req.n);
  try {
    await forEachBatch(
      req.n * req.pointsPerExample,
      req.batchSize,
      (start, end) => {
        const points: PointRef[] = [];
        for (let k = start; k < end; k++)
          points.push({ example: Math.floor(k / req.pointsPerExample), index: k % req.pointsPerExample });
        const values = tf.tidy(() => req.compute(points));
        try {
          sums.add(
            values,
            points.map((p) => p.example),
          );
        } finally {
          values.dispose();
        }
      },
      {
        ...req.control,
        phase: req.phase,
        onSplit: (size) =>
          req.warnings.push(`Out of memory at batchSize ${size * 2}; continued with ${size}.`),
      },
    );
    return sums.result();
  } finally {
    sums.dispose();
  }
}
