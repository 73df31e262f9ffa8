import type { Attribution, CommonExplainOptions, ExplainableModel, OpRules } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { sumGradients } from './gradient-engine.js';
import { finishAttribution, prepareInputAsync } from './prepared-input.js';

/**
 * The input gradient of the target score for every example, in batches of `batchSize` examples, turned
 * into an attribution by `post(gradient, x)` (which runs inside `tf.tidy`). Shared by saliency,
 * input × gradient, guided backprop and deconvnet (the last two pass per-call op `rules`).
 */
export async function gradientAttribution(
  method: string,
  model: ExplainableModel,
  x: tf.Tensor,
  options: CommonExplainOptions,
  post: (gradient: tf.Tensor, x: tf.Tensor) => tf.Tensor,
  rules?: OpRules,
): Promise<Attribution> {
  const prep = await prepareInputAsync(model, x, options);
  const warnings: string[] = [];
  try {
    const gradient = await sumGradients({
      model,
      target: prep.target,
      n: prep.n,
      pointsPerExample: 1,
      batchSize: options.batchSize ?? 64,
      build: (points) => ({ inputs: tf.slice(prep.x, points[0].example, points.length), multipliers: null }),
      control: options,
      phase: method,
      warnings,
      rules,
    });
    const values = tf.tidy(() => post(gradient, prep.x));
    gradient.dispose();
    return finishAttribution(method, prep, values, warnings.length ? { warnings } : {});
  } finally {
    prep.dispose();
  }
}
