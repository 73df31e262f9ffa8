import { forEachBatch, type RunControl } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/** One batch's result: values `[B, ...]` and per-example numbers (each `[B]`) to read back. */
export interface BatchOutput {
  values: tf.Tensor;
  numbers: Record<string, tf.Tensor>;
}

/** All batches joined: values `[N, ...]` (owned by the caller) and the per-example numbers. */
export interface JoinedOutput {
  values: tf.Tensor;
  numbers: Record<string, number[]>;
}

/**
 * Runs `work` on consecutive example ranges of at most `batchSize` (halving on out-of-memory, checking
 * abort between batches) and joins the results. Nothing is left allocated when it throws.
 */
export async function runInBatches(
  n: number,
  batchSize: number,
  work: (start: number, end: number) => BatchOutput,
  control: RunControl & { phase: string; warnings: string[] },
): Promise<JoinedOutput> {
  const parts: tf.Tensor[] = [];
  const numbers: Record<string, number[]> = {};
  let joined: tf.Tensor | null = null;
  try {
    await forEachBatch(
      n,
      batchSize,
      async (start, end) => {
        const out = work(start, end);
        try {
          for (const [key, t] of Object.entries(out.numbers)) {
            numbers[key] = [...(numbers[key] ?? []), ...Array.from(await t.data())];
          }
        } catch (err) {
          out.values.dispose();
          throw err;
        } finally {
          tf.dispose(Object.values(out.numbers));
        }
        parts.push(out.values);
      },
      {
        ...control,
        onSplit: (size) =>
          control.warnings.push(`Out of memory at batchSize ${size * 2}; continued with ${size}.`),
      },
    );
    joined = parts.length === 1 ? parts[0] : tf.concat(parts, 0);
    return { values: joined, numbers };
  } finally {
    for (const p of parts) if (p !== joined) p.dispose();
  }
}
