import { forEachBatch, type RunControl } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { FeatureGroups } from './feature-mask.js';
import { exampleAt, offsetProgress, type PreparedCall, targetScores } from './prepare.js';

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
    await forEachBatch(
      coalitions.count,
      call.batchSize,
      (start, end) => {
        parts.push(
          tf.tidy(() => {
            const flags = coalitions.rows.subarray(start * coalitions.features, end * coalitions.features);
            const keep = tf.tensor2d(Float32Array.from(flags), [end - start, coalitions.features]);
            const mask = tf.reshape(tf.gather(keep, index, 1), [end - start, ...call.exampleShape]);
            return targetScores(call, i, tf.add(b, tf.mul(delta, mask)));
          }),
        );
      },
      {
        signal: control.signal,
        phase: control.phase,
        onProgress: offsetProgress(control, control.offset, control.total),
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
