import { RegistryError } from '@loupe/core';
import type { EvaluatorPlugin } from './evaluator.js';

const evaluators = new Map<string, EvaluatorPlugin>();

/** Registers an evaluator. Throws `RegistryError` for a malformed or taken id. */
export function registerEvaluator(plugin: EvaluatorPlugin): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(plugin.id)) {
    throw new RegistryError(
      `Evaluator id "${plugin.id}" must be lowercase letters, digits and dashes (e.g. 'deletion').`,
    );
  }
  if (evaluators.has(plugin.id)) {
    throw new RegistryError(
      `An evaluator with id "${plugin.id}" is already registered. Use another id, or unregisterEvaluator("${plugin.id}") first.`,
    );
  }
  evaluators.set(plugin.id, plugin);
}

/** Removes an evaluator; returns whether it was registered. */
export function unregisterEvaluator(id: string): boolean {
  return evaluators.delete(id);
}

/** Every registered evaluator, in registration order. */
export function listEvaluators(): readonly EvaluatorPlugin[] {
  return [...evaluators.values()];
}

/** The evaluator with this id; throws `RegistryError` listing the registered ones when unknown. */
export function getEvaluator(id: string): EvaluatorPlugin {
  const plugin = evaluators.get(id);
  if (!plugin) {
    const known = [...evaluators.keys()];
    throw new RegistryError(
      `Unknown metric "${id}". ${known.length ? `Registered: ${known.join(', ')}.` : 'No metrics are registered:'} Call registerEvalMetrics() from @loupe/eval first.`,
    );
  }
  return plugin;
}
