import {
  type Attribution,
  type ExplainableModel,
  type ExplainContext,
  type ExplainerPlugin,
  type ModelInput,
  type ModelLike,
  runExplainer,
} from '@loupe/core';

/** Any model a method function accepts: something `wrapModel` takes, or an already wrapped model. */
export type AnyModel = ModelLike | ExplainableModel;

/**
 * Runs a plugin the way core's `explain` does, for the exported method functions (core's `runExplainer`):
 * unknown option names and bad values are `OptionError`s, defaults come from the plugin's `params`, and
 * `meta.millis` and `meta.backend` are recorded.
 */
export function runMethod<O extends object>(
  plugin: ExplainerPlugin<O>,
  model: AnyModel,
  x: ModelInput,
  options: object,
  context?: ExplainContext,
): Promise<Attribution> {
  return runExplainer(plugin, model, x, options, context);
}
