import * as tf from '@tensorflow/tfjs-core';
import type { Attribution } from '../attribution.js';
import { guardBackendLoss } from '../backends/loss-guard.js';
import { RegistryError } from '../errors.js';
import type { ModelInput } from '../model/input-layout.js';
import { withPackedInput } from '../model/packed-call.js';
import type { ExplainableModel, ModelLike } from '../model/types.js';
import { isExplainableModel, wrapModel } from '../model/wrap-model.js';
import { COMMON_OPTION_NAMES, closestName, rejectUnknownOptions } from '../option-names.js';
import { applyParams } from '../params.js';
import type { ExplainRequest, MethodMeta } from './method-map.js';
import type { CommonExplainOptions, ExplainContext, ExplainerPlugin } from './types.js';

/** An explainer as the registry holds it: options are checked against its `params` at run time. */
export type RegisteredExplainer = ExplainerPlugin<Record<string, unknown>>;
const explainers = new Map<string, RegisteredExplainer>();

/** Registers an explainer. Throws `RegistryError` when the id is taken. */
export function registerExplainer<O extends object>(plugin: ExplainerPlugin<O>): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(plugin.id)) {
    throw new RegistryError(
      `Explainer id "${plugin.id}" must be lowercase letters, digits and dashes (e.g. 'integrated-gradients').`,
    );
  }
  if (explainers.has(plugin.id)) {
    throw new RegistryError(
      `An explainer with id "${plugin.id}" is already registered. Use another id, or unregisterExplainer("${plugin.id}") first.`,
    );
  }
  explainers.set(plugin.id, plugin as unknown as RegisteredExplainer);
}

/** Removes an explainer; returns whether it was registered. */
export function unregisterExplainer(id: string): boolean {
  return explainers.delete(id);
}

/** Every registered explainer, in registration order. */
export function listExplainers(): readonly RegisteredExplainer[] {
  return [...explainers.values()];
}

/** The explainer with this id; throws `RegistryError` listing the registered ids when unknown. */
export function getExplainer(id: string): RegisteredExplainer {
  const p = explainers.get(id);
  if (!p) {
    const known = [...explainers.keys()];
    const closest = closestName(id, known);
    throw new RegistryError(
      `Unknown method "${id}".${closest ? ` Did you mean "${closest}"?` : ''} ${known.length ? `Registered: ${known.join(', ')}.` : 'No explainers are registered:'} Register a method package first (e.g. registerGradientMethods()).`,
    );
  }
  return p;
}

/** Every option name `plugin` accepts: its `params`, its `codeOptions` and the common options. */
export function explainerOptionNames(plugin: ExplainerPlugin<never>): string[] {
  return [...Object.keys(plugin.params), ...(plugin.codeOptions ?? []), ...COMMON_OPTION_NAMES];
}

function nestedContext(backend: string, options: CommonExplainOptions): ExplainContext {
  return {
    backend,
    signal: options.signal,
    onProgress: options.onProgress,
    explain: (method, m, input, o) => runExplainer(getExplainer(method), m, input, o),
  };
}

/**
 * Runs one plugin as `explain` does, for registered and unregistered plugins alike (method packages'
 * direct functions call it): wraps the model when needed (disposing that wrapper afterwards), rejects
 * unknown option names, fills defaults and validates values against `params` (typed `OptionError`s), packs
 * the inputs of a several-input model (and its `perInputOptions`) and splits the result per input, then
 * records `meta.millis` and `meta.backend`. `context` defaults to one whose nested `explain` uses the registry.
 * If the backend is lost while the method runs, the call rejects with `BackendLostError`.
 */
export async function runExplainer<O extends object>(
  plugin: ExplainerPlugin<O>,
  model: ModelLike | ExplainableModel,
  x: ModelInput,
  options: object,
  context?: ExplainContext,
): Promise<Attribution> {
  rejectUnknownOptions(plugin.id, options, explainerOptionNames(plugin as ExplainerPlugin<never>));
  const opts = applyParams(plugin.params, options as Record<string, unknown>) as unknown as O &
    CommonExplainOptions;
  const owned = !isExplainableModel(model);
  const wrapped = wrapModel(model);
  try {
    const ctx = context ?? nestedContext(tf.getBackend(), opts);
    const t0 = performance.now();
    // A backend lost mid-call (a WebGPU device lost or destroyed) is a BackendLostError, never a hang.
    const result = await withPackedInput(
      wrapped,
      x,
      opts,
      plugin.perInputOptions ?? [],
      (packed, o) => guardBackendLoss(() => plugin.explain(wrapped, packed, o, ctx)),
      plugin.attributes !== 'layer',
    );
    result.meta.backend ??= ctx.backend;
    result.meta.millis ??= performance.now() - t0;
    return result;
  } finally {
    if (owned) wrapped.dispose();
  }
}

/**
 * Runs a registered method: `explain(model, x, { method: 'integrated-gradients', target: 7, steps: 64 })`.
 * For a model with several inputs, `x` is an array (input order) or a name → tensor record, and the
 * attribution has one part per input (`attribution.inputs`).
 * Accepts anything `wrapModel` does (a wrapper made here is disposed afterwards). Typed per method through
 * `ExplainerMethods` (a misspelt option of a declared method does not compile; `meta` has the method's
 * fields); at run time unknown option names and bad values are `OptionError`s that name the closest
 * known option or what is allowed. `meta.millis` and `meta.backend` are filled in.
 */
export async function explain<M extends string>(
  model: ModelLike | ExplainableModel,
  x: ModelInput,
  request: ExplainRequest<M>,
): Promise<Attribution<MethodMeta<M>>> {
  const { method, ...options } = request as { method: string } & Record<string, unknown>;
  return (await runExplainer(getExplainer(method), model, x, options)) as Attribution<MethodMeta<M>>;
}
