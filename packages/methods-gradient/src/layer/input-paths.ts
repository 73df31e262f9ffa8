import type { ExplainableModel } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { resolveBaselines } from '../baselines.js';
import type { PreparedInput } from '../prepared-input.js';
import type { LayerPathOptions } from './layer-params.js';

/**
 * Straight paths from each baseline to the input: row e·nb + b of `starts` holds example e's baseline b and
 * of `diffs` x_e − baseline_b, so each example's rows are contiguous. `dispose()` frees both.
 */
export interface InputPaths {
  starts: tf.Tensor;
  diffs: tf.Tensor;
  /** Baselines per example (their attributions are averaged). */
  nb: number;
  dispose(): void;
}

/** Resolves the baselines of a path method (as integrated gradients does) and lays out their paths. */
export async function inputPaths(
  model: ExplainableModel,
  prep: PreparedInput,
  options: LayerPathOptions,
): Promise<InputPaths> {
  const baselines = await resolveBaselines(options.baseline, prep.x, {
    inputRange: model.inputRange,
    seed: options.seed ?? 0,
    blurSigma: options.blurSigma ?? 5,
    model,
  });
  const nb = baselines.length;
  const [starts, diffs] = tf.tidy(() => {
    const x0 = tf.reshape(tf.stack(baselines, 1), [prep.n * nb, ...prep.x.shape.slice(1)]);
    const xr = tf.reshape(tf.stack(new Array<tf.Tensor>(nb).fill(prep.x), 1), x0.shape);
    return [x0, tf.sub(xr, x0)];
  });
  tf.dispose(baselines);
  return { starts, diffs, nb, dispose: () => tf.dispose([starts, diffs]) };
}
