import { forEachBatch, type RunControl } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LabeledSet } from './trainer.js';

/** Top-1 accuracy of a model on labelled data, predicting in batches. */
export async function accuracy(
  model: tfl.LayersModel,
  data: LabeledSet,
  batchSize = 128,
  control: RunControl = {},
): Promise<number> {
  let correct = 0;
  await forEachBatch(
    data.labels.length,
    batchSize,
    async (start, end) => {
      const predicted = tf.tidy(() =>
        tf.argMax(model.predict(tf.slice(data.x, start, end - start)) as tf.Tensor, -1),
      );
      const values = await predicted.data();
      predicted.dispose();
      values.forEach((p, i) => {
        if (p === data.labels[start + i]) correct++;
      });
    },
    { signal: control.signal },
  );
  return correct / data.labels.length;
}
