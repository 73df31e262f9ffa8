import {
  type Attribution,
  type CommonExplainOptions,
  checkBatchSize,
  type ExplainableModel,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { finishAttribution, prepareInputAsync } from '../prepared-input.js';
import { selectorFor } from '../target-select.js';
import { type DeepLiftBaseline, resolveBaseline } from './deeplift-baseline.js';
import { propagateMultipliers } from './deeplift-propagate.js';
import { relevanceGraphOf, traceGraph } from './graph-trace.js';
import { inputTransportOf } from './input-transport.js';
import { outputViewWarnings } from './output-view.js';
import { runInBatches } from './relevance-batches.js';
import { perExampleSum } from './rules.js';

/** Options of `deepLift` (defaults as in `deepLiftExplainer.params`). */
export interface DeepLiftOptions extends CommonExplainOptions {
  /** Reference input x₀ (default `'zeros'`): a number, or a tensor of one example's or the batch's shape. */
  baseline?: DeepLiftBaseline;
}

/**
 * DeepLIFT (Rescale) on a wrapped model's explanation graph (see `deepLiftExplainer`). `meta.convergenceDelta` per
 * example: Σ attribution − (f(x) − f(x₀)), zero up to float rounding; `meta.scores` and
 * `meta.baselineScores` are f(x) and f(x₀) (logits).
 */
export async function explainDeepLift(
  model: ExplainableModel,
  x: tf.Tensor,
  options: DeepLiftOptions,
): Promise<Attribution> {
  const rg = await relevanceGraphOf(model, 'DeepLIFT');
  const batchSize = checkBatchSize(options.batchSize ?? 32);
  const warnings = outputViewWarnings(model, rg, 'DeepLIFT');
  const prepared = await prepareInputAsync(model, x, options);
  let baseline: tf.Tensor | null = null;
  try {
    baseline = await resolveBaseline(options.baseline, prepared.x);
    const x0 = baseline;
    const transport = inputTransportOf(model);
    const { values, numbers } = await runInBatches(
      prepared.n,
      batchSize,
      (start, end) =>
        tf.tidy(() => {
          const size = end - start;
          const raw = tf.slice(prepared.x, start, size);
          const raw0 = tf.slice(x0, start, size);
          // x and x₀ run as one batch of 2·size rows.
          const trace = traceGraph(rg, transport.forward(tf.concat([raw, raw0], 0)));
          const select = selectorFor(
            prepared.target,
            Array.from({ length: size }, (_, i) => start + i),
          );
          const out = tf.slice(trace.output, 0, size);
          const out0 = tf.slice(trace.output, size, size);
          const { value: fx, grad: startMultiplier } = tf.valueAndGrad((s: tf.Tensor) => select(s))(
            out,
            tf.ones([size]),
          );
          const atInput = propagateMultipliers(rg, trace, startMultiplier);
          const attribution = tf.mul(transport.pullBack(raw, atInput), tf.sub(raw, raw0));
          const f0 = select(out0);
          return {
            values: attribution,
            numbers: {
              delta: tf.sub(perExampleSum(attribution), tf.sub(fx, f0)),
              scores: fx,
              baselineScores: f0,
            },
          };
        }),
      { signal: options.signal, onProgress: options.onProgress, phase: 'deeplift', warnings },
    );
    return finishAttribution('deeplift', prepared, values, {
      convergenceDelta: numbers.delta,
      scores: numbers.scores,
      baselineScores: numbers.baselineScores,
      ...(warnings.length ? { warnings } : {}),
    });
  } finally {
    baseline?.dispose();
    prepared.dispose();
  }
}
