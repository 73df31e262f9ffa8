import * as tf from '@tensorflow/tfjs-core';
import { registerEverything } from '../setup/register-plugins.js';
import { prepareRuntime } from '../workers/runtime.js';

/**
 * Makes sure plugins are registered and some tfjs backend is active, for the work the enqueuing and
 * collecting machine does itself (reading model shapes, gallery tiles, MMD-critic). That work does not
 * depend on the backend, so an active one is kept (a library caller's choice is not switched), and cpu
 * is activated when there is none; the workers use the run's --backend.
 */
export async function ensurePlanningBackend(): Promise<void> {
  registerEverything();
  if (!tf.getBackend()) await prepareRuntime('cpu');
}
