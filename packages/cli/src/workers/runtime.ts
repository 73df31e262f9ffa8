import { type ExplainableModel, resolveTarget } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { loadModel } from '../input/load-model.js';
import { activateBackend, type BackendChoice } from '../setup/backend.js';
import { registerEverything } from '../setup/register-plugins.js';

let active: { choice: BackendChoice; name: Promise<string> } | null = null;
const models = new Map<string, Promise<ExplainableModel>>();

/**
 * Registers every plugin and activates the backend, once per thread and choice (the main thread and each
 * worker have their own tfjs engine). A thread that runs several commands (tests, a long-lived worker)
 * activates again when the choice changes or something else switched tfjs to another backend since.
 */
export async function prepareRuntime(choice: BackendChoice): Promise<string> {
  registerEverything();
  if (active?.choice === choice) {
    const name = await active.name.catch(() => null);
    if (name !== null && tf.getBackend() === name) return name;
  }
  const name = activateBackend(choice);
  active = { choice, name };
  return name;
}

/** The wrapped model for a command-line model spec, loaded once per thread. */
export function modelFor(spec: string): Promise<ExplainableModel> {
  let model = models.get(spec);
  if (!model) {
    model = loadModel(spec);
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
