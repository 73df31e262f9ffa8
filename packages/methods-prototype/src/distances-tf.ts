import * as tf from '@tensorflow/tfjs-core';
import { triangleIndex } from './distances.js';
import type { DataMatrix } from './matrix.js';

// Rows per matMul block: bounds the [block, n] float32 intermediate to ~16 MB at n = 4,096 × 1,024.
const MAX_BLOCK_ELEMENTS = 4 * 1024 * 1024;

/**
 * Pairwise squared distances (packed upper triangle, like `pairwiseSquaredDistances`) with the Gram
 * matrix computed in float32 by `tf.matMul` on the active backend, one row block at a time. Relative
 * error is float32's (~1e-7 of ‖x‖²), so downstream selections can differ from the float64 path only
 * where two scores tie within about 1e-6.
 */
export async function pairwiseSquaredDistancesTf(m: DataMatrix): Promise<Float64Array> {
  const { n, d } = m;
  const out = new Float64Array((n * (n - 1)) / 2);
  const block = Math.max(1, Math.floor(MAX_BLOCK_ELEMENTS / n));
  const x = tf.tensor2d(Float32Array.from(m.values), [n, d]);
  try {
    const norms = tf.tidy(() => tf.sum(tf.square(x), 1));
    try {
      for (let start = 0; start < n - 1; start += block) {
        const rows = Math.min(block, n - start);
        const dist = tf.tidy(() => {
          const xb = tf.slice(x, start, rows);
          const nb = tf.slice(norms, start, rows);
          const gram = tf.matMul(xb, x, false, true);
          return tf.relu(
            tf.sub(tf.add(tf.reshape(nb, [rows, 1]), tf.reshape(norms, [1, n])), tf.mul(2, gram)),
          );
        });
        // Asynchronous, so a WebGPU backend (which cannot read GPU tensors synchronously) works.
        const values = await dist.data().finally(() => dist.dispose());
        for (let r = 0; r < rows; r++) {
          const i = start + r;
          const base = triangleIndex(n, i, i + 1) - (i + 1);
          for (let j = i + 1; j < n; j++) out[base + j] = values[r * n + j];
        }
      }
    } finally {
      norms.dispose();
    }
  } finally {
    x.dispose();
  }
  return out;
}
