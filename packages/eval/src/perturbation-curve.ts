import {
  type ExplainableModel,
  forEachBatchInOrder,
  type PoolControl,
  poolFor,
  type ResolvedTarget,
  type RunControl,
  runJobOn,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Curve, makeCurve } from './curve.js';
import type { FeatureGrid } from './features.js';
import { type ResolvedScore, scoreOutputs } from './scoring.js';

/** One example's inputs to a curve: the example, its fill and its feature ranking. */
export interface CurveExample {
  /** The example, `[1, ...dims]`. */
  x: tf.Tensor;
  /** Replacement values, `[1, ...dims]`. */
  fill: tf.Tensor;
  /** Position of each feature in the ranking (0 = first perturbed). */
  positions: Int32Array;
  /** Index of the example in its batch (for the target). */
  index: number;
}

/** How the curve is traced. */
export interface CurveSpec extends RunControl, PoolControl {
  grid: FeatureGrid;
  fractions: readonly number[];
  /** `'remove'`: x → fill, most-ranked first; `'insert'`: fill → x, most-ranked first. */
  direction: 'remove' | 'insert';
  score: ResolvedScore['kind'];
  /** Perturbed copies scored per forward pass. */
  batchSize: number;
  phase?: string;
}

/**
 * Traces one perturbation curve: for each fraction t the first round(t·F) ranked features take the
 * fill (removal) or the example's values (insertion), and all copies are scored in batches of
 * `batchSize`, so 100 steps on a small image cost about one batched forward of 101 copies.
 */
export async function traceCurve(
  model: ExplainableModel,
  target: ResolvedTarget,
  ex: CurveExample,
  spec: CurveSpec,
): Promise<Curve> {
  const { grid, fractions } = spec;
  const scores: number[] = [];
  const dims = ex.x.shape.slice(1);
  const pool = poolFor(spec.pool, model);
  await forEachBatchInOrder<tf.Tensor>(
    fractions.length,
    spec.batchSize,
    async (start, end) => {
      const mask = new Float32Array((end - start) * grid.size);
      for (let k = start; k < end; k++) {
        const count = Math.round(fractions[k] * grid.count);
        const base = (k - start) * grid.size;
        for (let i = 0; i < grid.size; i++) if (ex.positions[grid.featureOf[i]] < count) mask[base + i] = 1;
      }
      const copies = tf.tidy(() => {
        const m = tf.tensor(mask, [end - start, ...dims]);
        const [moved, kept] = spec.direction === 'remove' ? [ex.fill, ex.x] : [ex.x, ex.fill];
        return tf.add(tf.mul(kept, tf.sub(1, m)), tf.mul(moved, m));
      });
      try {
        return await runJobOn(pool, model, { kind: 'forward', inputs: copies }, spec.signal);
      } finally {
        copies.dispose();
      }
    },
    async (outputs) => {
      const batchScores = scoreOutputs(model, outputs, target, ex.index, spec.score);
      outputs.dispose();
      const values = await batchScores.data();
      batchScores.dispose();
      scores.push(...values);
    },
    {
      signal: spec.signal,
      onProgress: spec.onProgress,
      phase: spec.phase,
      concurrency: pool ? 2 * pool.size : 1,
      release: (outputs) => outputs.dispose(),
    },
  );
  return makeCurve(fractions, scores);
}
