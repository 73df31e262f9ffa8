import { AbortError, type Attribution, explain, type RunControl } from '@loupe/core';
import { renderAttributionPng } from '@loupe/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { inputGeometry, loadBatch } from '../../input/dataset.js';
import { jsonSafe } from '../../output/json-safe.js';
import { defaultScale } from '../../output/rgb-image.js';
import { type ExplainItem, type ExplainTask, serializeError } from '../protocol.js';
import { modelFor } from '../runtime.js';

/** Per-example entries of `meta` arrays as long as the batch (e.g. convergenceDelta); the rest as is. */
function metaFor(meta: Record<string, unknown>, i: number, n: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) out[k] = Array.isArray(v) && v.length === n && n > 1 ? v[i] : v;
  return jsonSafe(out) as Record<string, unknown>;
}

/**
 * Explains one chunk of images with every requested method: the model's prediction, the attribution
 * values and the heatmap PNG (core's renderer, the pictures the web components draw) per image and method.
 */
export async function explainChunk(
  task: ExplainTask,
  control: RunControl & { onFraction(f: number): void },
): Promise<ExplainItem[]> {
  const model = await modelFor(task.model);
  const batch = await loadBatch(
    task.data,
    task.start,
    task.end,
    inputGeometry(model.inputShape, task.preprocess),
    task.preprocess,
  );
  const items: ExplainItem[] = [];
  try {
    const [n, h, w, c] = batch.display.shape;
    const display = await batch.display.data();
    // Logits become probabilities for the report; probability or raw outputs are reported as they are.
    // batch.x is already [N, H, W, C] and finite (decoded pixels), so no predict() normalisation is needed.
    const probabilities = tf.tidy(() => {
      const scores = tf.reshape(model.forwardBatched(batch.x), [n, -1]) as tf.Tensor2D;
      return model.output === 'logits' ? tf.softmax(scores) : scores;
    });
    const probs = (await probabilities.array()) as number[][];
    probabilities.dispose();
    const predicted = probs.map((row) => row.indexOf(Math.max(...row)));
    // The prediction is known: handing it on saves every method a forward pass to resolve 'predicted'.
    const target = task.target === 'predicted' ? predicted : task.target;
    for (const [mi, method] of task.methods.entries()) {
      let attribution: Attribution;
      try {
        attribution = await explain(model, batch.x, {
          ...task.methodOptions[method],
          method,
          target,
          seed: task.seed,
          signal: control.signal,
          onProgress: (p) => control.onFraction((mi + p.done / Math.max(1, p.total)) / task.methods.length),
        });
      } catch (error) {
        if (error instanceof AbortError) throw error;
        // One method that cannot explain this model must not throw away the others: record it per image.
        const failure = serializeError(error);
        for (let i = 0; i < n; i++) {
          items.push({
            name: batch.names[i],
            method,
            target: null,
            predicted: predicted[i],
            score: null,
            shape: [h, w, c],
            inverted: batch.inverted[i],
            meta: {},
            error: failure,
          });
        }
        control.onFraction((mi + 1) / task.methods.length);
        continue;
      }
      try {
        const values = (await attribution.values.data()) as Float32Array;
        const size = h * w * c;
        for (let i = 0; i < n; i++) {
          const own = values.slice(i * size, (i + 1) * size);
          const explained = attribution.target[i] ?? null;
          const item: ExplainItem = {
            name: batch.names[i],
            method,
            target: explained,
            predicted: predicted[i],
            score: explained === null ? null : (probs[i][explained] ?? null),
            shape: [h, w, c],
            inverted: batch.inverted[i],
            meta: metaFor(attribution.meta as Record<string, unknown>, i, n),
          };
          if (task.withValues) item.values = own;
          if (task.withPng) {
            const picture = tf.tensor3d(display.slice(i * size, (i + 1) * size), [h, w, c]);
            try {
              item.png = await renderAttributionPng(
                { values: own, shape: [h, w, c] },
                { ...task.render, image: picture, scale: task.scale ?? defaultScale(h, w) },
              );
            } finally {
              picture.dispose();
            }
          }
          items.push(item);
        }
      } finally {
        attribution.dispose();
      }
      control.onFraction((mi + 1) / task.methods.length);
    }
  } finally {
    batch.dispose();
  }
  return items;
}
