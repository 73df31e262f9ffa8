import type { ExplainableModel, ResolvedTarget, RunControl } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { propagateMultipliers } from '../relevance/deeplift-propagate.js';
import { relevanceGraphOf, traceGraph } from '../relevance/graph-trace.js';
import { runInBatches } from '../relevance/relevance-batches.js';
import { selectorFor } from '../target-select.js';

/**
 * DeepLIFT (Rescale) multipliers from the output down to `layer` only (the relevance graph stops there), on
 * the batch [ids; baselineIds]: attributions m ⊙ (a(ids) − a(baseline)) at the layer, `[N, ...layer]`, and
 * per example Σ − (f(ids) − f(baseline)) as `delta`. Throws `UnsupportedLayerError` for a node above the
 * layer without a DeepLIFT rule.
 */
export async function deepLiftAtLayer(
  model: ExplainableModel,
  layer: string,
  ids: tf.Tensor,
  baselineIds: tf.Tensor,
  target: ResolvedTarget,
  batchSize: number,
  control: RunControl,
): Promise<{ values: tf.Tensor; delta: number[] }> {
  const rg = await relevanceGraphOf(model, 'DeepLIFT', layer);
  const from = rg.from as number;
  const { values, numbers } = await runInBatches(
    ids.shape[0],
    batchSize,
    (start, end) =>
      tf.tidy(() => {
        const size = end - start;
        const both = tf.concat([tf.slice(ids, start, size), tf.slice(baselineIds, start, size)], 0);
        const trace = traceGraph(rg, model.unpackInputs(both));
        const select = selectorFor(
          target,
          Array.from({ length: size }, (_, i) => start + i),
        );
        const out = tf.slice(trace.output, 0, size);
        const { value: fx, grad: startMultiplier } = tf.valueAndGrad((s: tf.Tensor) => select(s))(
          out,
          tf.ones([size]),
        );
        const [m] = propagateMultipliers(rg, trace, startMultiplier);
        const at = trace.values.get(from) as tf.Tensor;
        const attribution = tf.mul(m, tf.sub(tf.slice(at, 0, size), tf.slice(at, size, size)));
        const f0 = select(tf.slice(trace.output, size, size));
        const total = tf.sum(tf.reshape(attribution, [size, -1]), 1);
        return { values: attribution, numbers: { delta: tf.sub(total, tf.sub(fx, f0)) } };
      }),
    { ...control, phase: 'token-attribution', warnings: [] },
  );
  return { values, delta: numbers.delta };
}
