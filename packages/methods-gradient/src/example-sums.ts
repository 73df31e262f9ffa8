import * as tf from '@tensorflow/tfjs-core';

/**
 * Running per-example sums of batches whose rows belong to examples (rows of one example may span
 * batches). Batches are reduced as they arrive, so memory holds one sum per example, not every row.
 */
export class ExampleSums {
  private readonly sums: (tf.Tensor | null)[];

  constructor(readonly n: number) {
    this.sums = new Array<tf.Tensor | null>(n).fill(null);
  }

  /** Adds the rows of `values` (`[B, ...]`) to their examples' sums; `values` is not disposed. */
  add(values: tf.Tensor, exampleIds: readonly number[]): void {
    let start = 0;
    while (start < exampleIds.length) {
      const e = exampleIds[start];
      let end = start + 1;
      while (end < exampleIds.length && exampleIds[end] === e) end++;
      const previous = this.sums[e];
      this.sums[e] = tf.tidy(() => {
        const part = tf.sum(tf.slice(values, start, end - start), 0, true);
        return previous ? tf.add(previous, part) : part;
      });
      previous?.dispose();
      start = end;
    }
  }

  /** The sums stacked `[n, ...]` (a new tensor); every example must have received rows. */
  result(): tf.Tensor {
    const missing = this.sums.indexOf(null);
    if (missing >= 0) throw new Error(`Example ${missing} received no rows.`);
    return tf.concat(this.sums as tf.Tensor[], 0);
  }

  dispose(): void {
    for (const s of this.sums) s?.dispose();
    this.sums.fill(null);
  }
}
