import { checkBatchSize, forEachBatch, type RunControl, throwIfAborted } from '../batching.js';

/** Options of {@link forEachBatchInOrder}. */
export interface OrderedBatchOptions<T> extends RunControl {
  /** Batches computed at once; 1 (default) runs them one after another with `forEachBatch`. */
  concurrency?: number;
  phase?: string;
  /** With concurrency 1: called when a batch ran out of memory and the batch size was halved. */
  onSplit?: (newSize: number) => void;
  /** Frees a computed value that will not be consumed (after an error or abort). */
  release?: (value: T) => void;
}

/**
 * Runs `compute(start, end)` for every batch of `[0, total)` and hands each result to `consume` in batch
 * order, so whatever `consume` accumulates is the same however many batches were in flight. With
 * `concurrency` > 1 up to that many computes run at once (e.g. on a worker pool): they are started in
 * batch order (so a seeded stream drawn inside `compute` sees the same sequence), the batches are fixed by
 * `batchSize`, and progress is reported as batches are consumed. With concurrency 1 this is `forEachBatch`
 * (halving the batch on out-of-memory). On an error or abort, the computes still running are awaited and
 * their values released before the error is rethrown.
 */
export async function forEachBatchInOrder<T>(
  total: number,
  batchSize: number,
  compute: (start: number, end: number) => Promise<T>,
  consume: (value: T, start: number, end: number) => void | Promise<void>,
  options: OrderedBatchOptions<T> = {},
): Promise<void> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  if (concurrency === 1) {
    await forEachBatch(
      total,
      batchSize,
      async (start, end) => {
        const value = await compute(start, end);
        await consume(value, start, end);
      },
      options,
    );
    return;
  }
  const size = checkBatchSize(batchSize);
  const inFlight: { start: number; end: number; value: Promise<T> }[] = [];
  let next = 0;
  const launch = () => {
    while (inFlight.length < concurrency && next < total) {
      const start = next;
      const end = Math.min(total, start + size);
      next = end;
      const value = compute(start, end);
      // Rejections are handled where the batch is awaited; this keeps an early one from being unhandled.
      value.catch(() => {});
      inFlight.push({ start, end, value });
    }
  };
  try {
    while (next < total || inFlight.length > 0) {
      throwIfAborted(options.signal);
      launch();
      const batch = inFlight[0];
      const value = await batch.value;
      inFlight.shift();
      await consume(value, batch.start, batch.end);
      options.onProgress?.({ done: batch.end, total, phase: options.phase });
    }
    throwIfAborted(options.signal);
  } finally {
    const settled = await Promise.allSettled(inFlight.map((b) => b.value));
    for (const s of settled) if (s.status === 'fulfilled') options.release?.(s.value);
  }
}
