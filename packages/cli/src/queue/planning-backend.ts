import { BackendUnavailableError, listBackends } from '@loupe/core';
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

/**
 * The backend a queued run uses: `--backend` as given, or for `auto` the best backend available on the
 * enqueuing machine (highest priority first, as `useBackend('auto')` orders them). Resolving it here puts
 * one backend family into every content key and into every job, so all workers compute with the same
 * kernels; a worker that cannot start it fails its jobs with the reason instead of silently using another.
 */
export async function resolveRunBackend(choice: string): Promise<string> {
  if (choice !== 'auto') return choice;
  const best = (await listBackends()).find((b) => b.available);
  if (!best)
    throw new BackendUnavailableError(
      'No registered backend is available on this machine to resolve --backend auto.',
    );
  return best.name;
}
