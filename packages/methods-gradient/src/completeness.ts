import * as tf from '@tensorflow/tfjs-core';

/**
 * Completeness check of a path attribution: per example, delta = Σ attribution − expected (expected being
 * f(x) − f(baseline)), and whether |delta| ≤ tolerance·|expected| holds for every example.
 */
export async function completeness(
  values: tf.Tensor,
  expected: readonly number[],
  tolerance: number,
): Promise<{ delta: number[]; ok: boolean }> {
  const sums = tf.tidy(() => tf.sum(tf.reshape(values, [values.shape[0], -1]), 1));
  const data = await sums.data();
  sums.dispose();
  const delta = Array.from(data, (s, e) => s - expected[e]);
  const ok = delta.every((d, e) => Math.abs(d) <= tolerance * Math.abs(expected[e]));
  return { delta, ok };
}
