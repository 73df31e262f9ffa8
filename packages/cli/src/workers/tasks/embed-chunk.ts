import type { RunControl } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { inputGeometry, loadBatch } from '../../input/dataset.js';
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
  const geometry = model
    ? inputGeometry(model.inputShape, task.preprocess)
    : {
        size: task.preprocess.size ?? null,
        channels: task.data.kind === 'mnist-samples' ? (1 as const) : (3 as const),
      };
  const batch = await loadBatch(task.data, task.start, task.end, geometry, task.preprocess);
  try {
    const n = task.end - task.start;
    const features = tf.tidy(() => {
      const out = !model
        ? batch.x
        : task.layer
          ? model.activations(batch.x, task.layer)
          : model.predict(batch.x);
      return tf.reshape(out, [n, -1]);
    });
    const rows = (await features.data()) as Float32Array;
    const dim = rows.length / n;
    features.dispose();
    control.onFraction(1);
    return { rows, dim, labels: batch.labels, names: batch.names };
  } finally {
    batch.display.dispose();
    batch.x.dispose();
  }
}
