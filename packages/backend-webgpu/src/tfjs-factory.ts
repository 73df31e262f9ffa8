import { BackendUnavailableError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { type LosableDevice, watchDeviceLoss } from './device-loss.js';

type BackendFactory = () => tf.KernelBackend | Promise<tf.KernelBackend>;

/** tfjs-backend-webgpu's own factory, kept so the backend can be registered again after a device loss. */
let baseFactory: BackendFactory | undefined;
const watchedFactories = new WeakSet<BackendFactory>();

/**
 * Replaces the 'webgpu' factory that tfjs-backend-webgpu registered with one that creates the same backend
 * and watches its device for loss. Idempotent; a no-op while a webgpu backend instance exists.
 */
export function registerWatchedFactory(onLost: (reason: string) => void): void {
  if (tf.findBackend('webgpu') !== null) return;
  const current = tf.findBackendFactory('webgpu') as BackendFactory | null | undefined;
  if (current && watchedFactories.has(current)) return;
  if (current) baseFactory = current;
  const base = baseFactory;
  if (!base) {
    throw new BackendUnavailableError(
      '@tensorflow/tfjs-backend-webgpu was imported before navigator.gpu existed, so it registered no backend. Let @loupe/backend-webgpu import it (remove your own import) or import it after setting navigator.gpu.',
    );
  }
  const watched: BackendFactory = async () => {
    const backend = await base();
    const device = (backend as unknown as { device?: LosableDevice }).device;
    // tfjs disposing its own backend (tf.removeBackend) is no loss; anything else destroying the device is.
    let disposing = false;
    const dispose = backend.dispose.bind(backend);
    backend.dispose = () => {
      disposing = true;
      dispose();
    };
    if (device) watchDeviceLoss(device, onLost, () => disposing);
    return backend;
  };
  watchedFactories.add(watched);
  if (current) tf.removeBackend('webgpu');
  // Priority 3 is what tfjs-backend-webgpu itself uses.
  tf.registerBackend('webgpu', watched, 3);
}

/** Drops a lost webgpu backend instance (and its factory) so the next setup starts on a fresh device. */
export function discardLostBackend(): void {
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
}
