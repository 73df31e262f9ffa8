import type { RunControl } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { geometryFor, loadBatch } from '../../input/dataset.js';
import type { EmbedResult, EmbedTask } from '../protocol.js';
import { modelFor } from '../runtime.js';

/**
 * Feature rows of one chunk: a model layer's activations (flattened per example; the model's scores
 * when no layer is named), or the preprocessed pixels when no model is given.
 */
export async function embedChunk(
  task: EmbedTask,
  control: RunControl & { onFraction(f: number): void },
): Promise<EmbedResult> {
  const model = task.model === null ? null : await modelFor(task.model);
  const geometry = geometryFor(model, task.data, task.preprocess);
  const batch = await loadBatch(task.data, task.start, task.end, geometry, task.preprocess);
  try {
    const n = task.end - task.start;
    // batch.x is already [N, H, W, C] and finite, so the batched forms skip predict()'s normalisation.
    const features = tf.tidy(() => {
      const out = !model
        ? batch.x
        : task.layer
          ? model.activationBatched(batch.x, task.layer)
          : model.forwardBatched(batch.x);
      return tf.reshape(out, [n, -1]);
    });
    const rows = (await features.data()) as Float32Array;
    const dim = rows.length / n;
    features.dispose();
    control.onFraction(1);
    return { rows, dim, labels: batch.labels, names: batch.names };
  } finally {
    batch.dispose();
  }
}
