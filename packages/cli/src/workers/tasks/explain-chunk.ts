import {
  AbortError,
  type Attribution,
  applyParams,
  explain,
  getExplainer,
  type RunControl,
} from '@loupe/core';
import { renderAttributionPng } from '@loupe/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { inputGeometry, type LoadedBatch, loadBatch } from '../../input/dataset.js';
import { exampleIds, exampleSeed } from '../../input/example-ids.js';
import { jsonSafe } from '../../output/json-safe.js';
import { defaultScale } from '../../output/rgb-image.js';
import { type ExplainItem, type ExplainTask, serializeError } from '../protocol.js';
import { modelFor } from '../runtime.js';

/**
 * Per-example entries of `meta` arrays as long as the batch (e.g. convergenceDelta); the rest as is.
 * `chunk` is the number of examples of the chunk: an example explained alone (a sampled method) has
 * its one-entry arrays unwrapped exactly as when its chunk was explained at once.
 */
function metaFor(
  meta: Record<string, unknown>,
  i: number,
  n: number,
  chunk: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta))
    out[k] = Array.isArray(v) && v.length === n && chunk > 1 ? v[i] : v;
  return jsonSafe(out) as Record<string, unknown>;
}

/**
 * True when a method, with these options, draws random numbers per example from a batch-wide stream
 * (its params declare `seed`: SmoothGrad, expected gradients; integrated gradients only for its
 * 'uniform' baseline). Such a method is explained one example at a time with the example's own seed;
 * the others run batched (RISE, LIME and KernelSHAP reuse one stream for every example, so their
 * results do not depend on an example's place in the batch either).
 */
export function isSampledMethod(method: string, options: Record<string, unknown> = {}): boolean {
  const plugin = getExplainer(method);
  if (!Object.hasOwn(plugin.params, 'seed')) return false;
  if (method !== 'integrated-gradients') return true;
  return applyParams(plugin.params, { ...options }).baseline === 'uniform';
}

/** One example's share of an attribution: values, explained class and meta. */
interface ExampleAttribution {
  values: Float32Array;
  target: number | null;
  meta: Record<string, unknown>;
}

async function split(
  attribution: Attribution,
  n: number,
  size: number,
  chunk: number,
): Promise<ExampleAttribution[]> {
  try {
    const values = (await attribution.values.data()) as Float32Array;
    const meta = attribution.meta as Record<string, unknown>;
    return Array.from({ length: n }, (_, i) => ({
      values: values.slice(i * size, (i + 1) * size),
      target: attribution.target[i] ?? null,
      meta: metaFor(meta, i, n, chunk),
    }));
  } finally {
    attribution.dispose();
  }
}

/**
 * Attributions of every example of the batch with one method. Deterministic methods run on the whole
 * batch; sampled ones run per example with a seed derived from the run's seed and the example's id, so
 * an example's result does not depend on its chunk, its place in it, or the worker that ran it.
 */
async function attribute(
  task: ExplainTask,
  batch: LoadedBatch,
  method: string,
  target: number | number[],
  control: RunControl & { onFraction(fraction: number): void },
): Promise<ExampleAttribution[]> {
  const model = await modelFor(task.model);
  const [n, h, w, c] = batch.x.shape;
  const request = { ...task.methodOptions[method], method, signal: control.signal };
  if (!isSampledMethod(method, task.methodOptions[method])) {
    const attribution = await explain(model, batch.x, {
      ...request,
      target,
      seed: task.seed,
      onProgress: (p) => control.onFraction(p.done / Math.max(1, p.total)),
    });
    return split(attribution, n, h * w * c, n);
  }
  const ids = await exampleIds(task.data, task.start, task.end);
  const out: ExampleAttribution[] = [];
  for (let i = 0; i < n; i++) {
    const x = tf.slice(batch.x, i, 1);
    try {
      const attribution = await explain(model, x, {
        ...request,
        target: Array.isArray(target) ? [target[i]] : target,
        seed: exampleSeed(task.seed, ids[i]),
        onProgress: (p) => control.onFraction((i + p.done / Math.max(1, p.total)) / n),
      });
      out.push(...(await split(attribution, 1, h * w * c, n)));
    } finally {
      x.dispose();
    }
  }
  return out;
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
    const size = h * w * c;
    for (const [mi, method] of task.methods.entries()) {
      let results: ExampleAttribution[];
      try {
        results = await attribute(task, batch, method, target, {
          signal: control.signal,
          onFraction: (f) => control.onFraction((mi + f) / task.methods.length),
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
      for (const [i, result] of results.entries()) {
        const item: ExplainItem = {
          name: batch.names[i],
          method,
          target: result.target,
          predicted: predicted[i],
          score: result.target === null ? null : (probs[i][result.target] ?? null),
          shape: [h, w, c],
          inverted: batch.inverted[i],
          meta: result.meta,
        };
        if (task.withValues) item.values = result.values;
        if (task.withPng) {
          const picture = tf.tensor3d(display.slice(i * size, (i + 1) * size), [h, w, c]);
          try {
            item.png = await renderAttributionPng(
              { values: result.values, shape: [h, w, c] },
              { ...task.render, image: picture, scale: task.scale ?? defaultScale(h, w) },
            );
          } finally {
            picture.dispose();
          }
        }
        items.push(item);
      }
      control.onFraction((mi + 1) / task.methods.length);
    }
  } finally {
    batch.dispose();
  }
  return items;
}
