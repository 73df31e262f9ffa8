import {
  type ExplainableModel,
  forEachBatch,
  type OpRules,
  type PoolControl,
  type ResolvedTarget,
  type RunControl,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { type PointRef, sumOverPoints } from './point-sums.js';
import { gradientPool, sumGradientsOnPool } from './pooled-gradients.js';
import { selectorFor } from './target-select.js';

export type { PointRef } from './point-sums.js';

/** The inputs of a batch of points and what each point's gradient is multiplied by before summing. */
export interface PointBatch {
  /** `[B, ...]` model inputs. */
  inputs: tf.Tensor;
  /** `[B, ...]` (or broadcastable) factors; null for plain gradients. */
  multipliers: tf.Tensor | null;
}

/** A weighted gradient sum over many points per example (paths, samples). */
export interface GradientSumRequest {
  model: ExplainableModel;
  target: ResolvedTarget;
  /** Number of examples. */
  n: number;
  pointsPerExample: number;
  /** Points evaluated per gradient call (points × examples flattened). */
  batchSize: number;
  /** Builds the batch for these points; runs inside `tf.tidy`. */
  build: (points: readonly PointRef[]) => PointBatch;
  control: RunControl & PoolControl;
  phase: string;
  /** Collects notes such as a batch split after running out of memory. */
  warnings: string[];
  /** Per-call op rules (guided backprop's ReLU backward); never registered globally. */
  rules?: OpRules;
}

/**
 * Σ over each example's points of multiplier ⊙ ∂score/∂input, evaluated in batches of `batchSize`
 * points (point k belongs to example ⌊k / pointsPerExample⌋), one gradient call per batch. Memory is
 * bounded by one batch plus one sum per example. Returns `[n, ...]`.
 */
export function sumGradients(req: GradientSumRequest): Promise<tf.Tensor> {
  // Batched work split across worker threads when the call asks for a pool (Node, wasm).
  const pool = gradientPool(req);
  if (pool) return sumGradientsOnPool(req, pool);
  return sumOverPoints({
    n: req.n,
    pointsPerExample: req.pointsPerExample,
    batchSize: req.batchSize,
    compute: (points: readonly PointRef[]) => {
      const { inputs, multipliers } = req.build(points);
      const select = selectorFor(
        req.target,
        points.map((p) => p.example),
      );
      const grad = tf.grad((v: tf.Tensor) => select(req.model.forwardBatched(v, { rules: req.rules })))(
        inputs,
        tf.ones([points.length]),
      );
      return multipliers ? tf.mul(grad, multipliers) : grad;
    },
    control: req.control,
    phase: req.phase,
    warnings: req.warnings,
  });
}

/**
 * The explained score of each row of `inputs` (`[M, ...]`, row r scored for example `exampleIds[r]`),
 * evaluated in batches; read back as numbers.
 */
export async function scoresOf(
  model: ExplainableModel,
  target: ResolvedTarget,
  inputs: tf.Tensor,
  exampleIds: readonly number[],
  batchSize: number,
): Promise<number[]> {
  const out: number[] = [];
  await forEachBatch(inputs.shape[0], batchSize, async (start, end) => {
    const s = tf.tidy(() =>
      selectorFor(
        target,
        exampleIds.slice(start, end),
      )(model.forwardBatched(tf.slice(inputs, start, end - start))),
    );
    out.push(...(await s.data()));
    s.dispose();
  });
  return out;
}
