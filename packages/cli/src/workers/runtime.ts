import { type ExplainableModel, resolveTarget, wrapModel } from '@loupe/core';
import { loadModel } from '../input/load-model.js';
import { activateBackend, type BackendChoice } from '../setup/backend.js';
import { registerEverything } from '../setup/register-plugins.js';

let backend: { choice: BackendChoice; name: Promise<string> } | null = null;
const models = new Map<string, Promise<ExplainableModel>>();

/**
 * Registers every plugin and activates the backend, once per thread and choice (the main thread and
 * each worker have their own tfjs engine); a queue worker serving runs on several backends switches.
 */
export function prepareRuntime(choice: BackendChoice): Promise<string> {
  registerEverything();
  if (backend?.choice !== choice) backend = { choice, name: activateBackend(choice) };
  return backend.name;
}

/** The wrapped model for a command-line model spec, loaded once per thread. */
export function modelFor(spec: string): Promise<ExplainableModel> {
  let model = models.get(spec);
  if (!model) {
    model = loadModel(spec).then((loaded) => wrapModel(loaded.model));
    models.set(spec, model);
    model.catch(() => models.delete(spec));
  }
  return model;
}

/**
 * Checks a class-index target against the model's outputs before any work, so an out-of-range index is
 * one `TargetError` (a usage error) rather than a failure recorded for every method.
 */
export function checkTargetFor(model: ExplainableModel, target: number | 'predicted'): void {
  const outputs = model.numOutputs();
  if (typeof target !== 'number' || outputs === null) return;
  resolveTarget(target, 1, outputs, () => {
    throw new Error('A class index needs no prediction.');
  });
}
