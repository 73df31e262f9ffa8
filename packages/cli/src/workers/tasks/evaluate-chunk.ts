import type { RunControl } from '@loupe/core';
import { type EvaluationTable, evaluate } from '@loupe/eval';
import { inputGeometry, loadBatch } from '../../input/dataset.js';
import type { EvaluateTask } from '../protocol.js';
import { modelFor } from '../runtime.js';

/**
 * Scores every method with every metric on one chunk of the data set. The chunk's seed is the run's
 * seed plus the chunk index, so each chunk draws its own noise and the table does not depend on how
 * many workers computed it.
 */
export async function evaluateChunk(
  task: EvaluateTask,
  control: RunControl & { onFraction(f: number): void },
): Promise<EvaluationTable> {
  const model = await modelFor(task.model);
  const batch = await loadBatch(
    task.data,
    task.start,
    task.end,
    inputGeometry(model.inputShape, task.preprocess),
    task.preprocess,
  );
  try {
    return await evaluate(model, { x: batch.x, labels: batch.labels }, task.methods, task.metrics, {
      target: task.target,
      seed: task.seed + task.chunk,
      methodOptions: task.methodOptions,
      metricOptions: task.metricOptions,
      signal: control.signal,
      onProgress: (p) => control.onFraction(p.done / Math.max(1, p.total)),
    });
  } finally {
    batch.dispose();
  }
}
