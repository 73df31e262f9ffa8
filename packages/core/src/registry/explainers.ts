import * as tf from '@tensorflow/tfjs';
import type { Attribution } from '../attribution.js';
import { guardBackendLoss } from '../backends/loss-guard.js';
import { RegistryError } from '../errors.js';
import type { ExplainableModel, ModelLike } from '../model/types.js';
import { isExplainableModel, wrapModel } from '../model/wrap-model.js';
import { applyParams } from '../params.js';
import type { CommonExplainOptions, ExplainContext, ExplainerPlugin } from './types.js';

type StoredPlugin = ExplainerPlugin<Record<string, unknown>>;
const explainers = new Map<string, StoredPlugin>();

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
  explainers.set(plugin.id, plugin as unknown as StoredPlugin);
}

/** Removes an explainer; returns whether it was registered. */
export function unregisterExplainer(id: string): boolean {
  return explainers.delete(id);
}

/** Every registered explainer, in registration order. */
export function listExplainers(): readonly StoredPlugin[] {
  return [...explainers.values()];
}

/** The explainer with this id; throws `RegistryError` listing the registered ids when unknown. */
export function getExplainer(id: string): StoredPlugin {
  const p = explainers.get(id);
  if (!p) {
    const known = [...explainers.keys()];
    throw new RegistryError(
      `Unknown method "${id}". ${known.length ? `Registered: ${known.join(', ')}.` : 'No explainers are registered:'} Register a method package first (e.g. registerGradientMethods()).`,
    );
  }
  return p;
}

/** Options of `explain`: the method id, common options and the method's own options. */
export type ExplainRequest = CommonExplainOptions & { method: string } & Record<string, unknown>;

async function run(
  plugin: StoredPlugin,
  model: ExplainableModel,
  x: tf.Tensor,
  options: Record<string, unknown>,
): Promise<Attribution> {
  const opts = applyParams(plugin.params, options) as Record<string, unknown> & CommonExplainOptions;
  const context: ExplainContext = {
    backend: tf.getBackend(),
    signal: opts.signal,
    onProgress: opts.onProgress,
    explain: (method, m, input, o) => run(getExplainer(method), m, input, o),
  };
  const t0 = performance.now();
  const result = await plugin.explain(model, x, opts, context);
  result.meta.backend ??= context.backend;
  result.meta.millis ??= performance.now() - t0;
  return result;
}

/**
 * Runs a registered method: `explain(model, x, { method: 'integrated-gradients', target: 7, steps: 64 })`.
 * Accepts anything `wrapModel` does (a wrapper made here is disposed afterwards). Options are validated
 * against the plugin's `params` (typed `OptionError`s); `meta.millis` and `meta.backend` are filled in.
 * If the backend is lost while the method runs, the call rejects with `BackendLostError`.
 */
export async function explain(
  model: ModelLike | ExplainableModel,
  x: tf.Tensor,
  request: ExplainRequest,
): Promise<Attribution> {
  const { method, ...options } = request;
  const plugin = getExplainer(method);
  const owned = !isExplainableModel(model);
  const wrapped = wrapModel(model);
  try {
    // A backend lost mid-call (a WebGPU device lost or destroyed) is a BackendLostError, never a hang.
    return await guardBackendLoss(() => run(plugin, wrapped, x, options));
  } finally {
    if (owned) wrapped.dispose();
  }
}
