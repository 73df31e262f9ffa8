import { forEachBatchInOrder, type RunControl } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { FeatureGroups } from './feature-mask.js';
import { exampleAt, offsetProgress, type PreparedCall, scoreMasked } from './prepare.js';

/** Coalitions of features: `count` rows of `features` flags, 1 = feature kept, 0 = replaced by the baseline. */
export interface Coalitions {
  readonly rows: Uint8Array;
  readonly count: number;
  readonly features: number;
}

/**
 * The target score of example `i` for every coalition: the example with each dropped feature group
 * replaced by the baseline, scored in batches of `call.batchSize` on the backend (the masks are expanded
 * from the flags on the device). Scores stay on the device until the last batch; read back once as float64.
 */
export async function scoreCoalitions(
  call: PreparedCall,
  i: number,
  groups: FeatureGroups,
  baseline: tf.Tensor,
  coalitions: Coalitions,
  control: RunControl & { phase: string; offset: number; total: number },
): Promise<Float64Array> {
  const x = exampleAt(call, i);
  const b = tf.slice(baseline, i, 1);
  const delta = tf.sub(x, b);
  const index = tf.tensor1d(groups.index, 'int32');
  const parts: tf.Tensor[] = [];
  try {
    await forEachBatchInOrder<tf.Tensor1D>(
      coalitions.count,
      call.batchSize,
      async (start, end) => {
        const mask = tf.tidy(() => {
          const flags = coalitions.rows.subarray(start * coalitions.features, end * coalitions.features);
          const keep = tf.tensor2d(Float32Array.from(flags), [end - start, coalitions.features]);
          return tf.reshape(tf.gather(keep, index, 1), [end - start, ...call.exampleShape]);
        });
        const { scores } = await scoreMasked(call, i, b, delta, mask, control.signal);
        mask.dispose();
        return scores;
      },
      (scores) => {
        parts.push(scores);
      },
      {
        signal: control.signal,
        phase: control.phase,
        onProgress: offsetProgress(control, control.offset, control.total),
        concurrency: call.pool ? 2 * call.pool.size : 1,
        release: (scores) => scores.dispose(),
      },
    );
    const all = tf.concat(parts, 0);
    const values = await all.data();
    all.dispose();
    return Float64Array.from(values);
  } finally {
    tf.dispose([x, b, delta, index, ...parts]);
  }
}

/** Spreads one value per group over the example's elements: `[1, ...dims]`. */
export function broadcastGroups(
  call: PreparedCall,
  groups: FeatureGroups,
  perGroup: ArrayLike<number>,
): tf.Tensor {
  const out = new Float32Array(groups.index.length);
  for (let p = 0; p < out.length; p++) out[p] = perGroup[groups.index[p]];
  return tf.tensor(out, [1, ...call.exampleShape]);
}
