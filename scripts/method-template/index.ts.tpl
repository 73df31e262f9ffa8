import {
  type Attribution, type AttributionMeta, type CommonExplainOptions, createAttribution, type ExplainableModel,
  type ExplainerPlugin, type ModelLike, restoreBatch, runExplainer, throwIfAborted,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs';

/** Options of `__CAMEL__`. */
export interface __PASCAL__Options extends CommonExplainOptions {
  /** Multiplies the gradient; a starting point to replace with the method's own options. */
  scale?: number;
}

/** What the plugin computes, on a wrapped model with options validated and defaults filled in. */
async function compute(m: ExplainableModel, x: tf.Tensor, options: __PASCAL__Options): Promise<Attribution> {
  throwIfAborted(options.signal);
  const input = m.normalize(x);
  try {
    const target = m.resolveTarget(input.batched, options.target);
    const values = tf.tidy(() => {
      const f = (v: tf.Tensor) => target.select(m.forwardBatched(v));
      const g = tf.valueAndGrad(f)(input.batched, tf.ones([input.batched.shape[0]])).grad;
      return restoreBatch(tf.mul(g, options.scale ?? 1), input);
    });
    return createAttribution({ method: '__ID__', target: target.indices, values });
  } finally {
    if (!input.hadBatch) input.batched.dispose();
  }
}

/** The `__ID__` explainer plugin; register it with `registerExplainer(__CAMEL__Explainer)`. */
export const __CAMEL__Explainer: ExplainerPlugin<__PASCAL__Options> = {
  id: '__ID__',
  label: '__TITLE__',
  family: 'gradient',
  description: 'Describe what the method shows in one or two sentences.',
  params: { scale: { type: 'number', default: 1, min: 0, help: 'Multiplies the attribution.' } },
  explain: compute,
};

/**
 * __TITLE__: starts as the input gradient of the target score (Simonyan et al. 2013) so the package passes
 * the conformance suite from its first commit; replace `compute` with the method. Runs the plugin as
 * `explain()` does: misspelt options are errors, defaults come from `params`.
 */
export function __CAMEL__(model: ModelLike | ExplainableModel, x: tf.Tensor, options: __PASCAL__Options = {}): Promise<Attribution> {
  return runExplainer(__CAMEL__Explainer, model, x, options);
}

// Typed `explain(model, x, { method: '__ID__', … })`: options checked at compile time, `meta` typed.
declare module '@loupe/core' {
  interface ExplainerMethods {
    '__ID__': { options: __PASCAL__Options; meta: AttributionMeta };
  }
}
