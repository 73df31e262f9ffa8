import {
  type Attribution,
  applyParams,
  type CommonExplainOptions,
  type ExplainableModel,
  type ExplainContext,
  type ExplainerPlugin,
  getExplainer,
  isExplainableModel,
  type ModelLike,
  wrapModel,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs';

/** Any model a method function accepts: something `wrapModel` takes, or an already wrapped model. */
export type AnyModel = ModelLike | ExplainableModel;

/** A context for calls made without the registry: nested methods are looked up in the registry. */
export function directContext(options: CommonExplainOptions): ExplainContext {
  return {
    backend: tf.getBackend(),
    signal: options.signal,
    onProgress: options.onProgress,
    explain: (method, model, x, o) => runMethod(getExplainer(method), model, x, o),
  };
}

/**
 * Runs a plugin the way core's `explain` does, for the exported method functions: wraps the model when
 * needed (and disposes that wrapper afterwards), fills defaults and validates options against the
 * plugin's `params` (typed `OptionError`s), and records `meta.millis` and `meta.backend`.
 */
export async function runMethod<O extends object>(
  plugin: ExplainerPlugin<O>,
  model: AnyModel,
  x: tf.Tensor,
  options: Record<string, unknown>,
  context?: ExplainContext,
): Promise<Attribution> {
  const owned = !isExplainableModel(model);
  const wrapped = wrapModel(model);
  try {
    const opts = applyParams(plugin.params, options) as unknown as O & CommonExplainOptions;
    const ctx = context ?? directContext(opts);
    const t0 = performance.now();
    const result = await plugin.explain(wrapped, x, opts, ctx);
    result.meta.backend ??= ctx.backend;
    result.meta.millis ??= performance.now() - t0;
    return result;
  } finally {
    if (owned) wrapped.dispose();
  }
}
