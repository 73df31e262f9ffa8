import * as tf from '@tensorflow/tfjs-core';
import type { BackendPlugin } from './types.js';

/**
 * tfjs's cpu backend registers itself when its package is imported: the `@tensorflow/tfjs` umbrella does that
 * at load; an app built from the pieces gets it here, on first use, from `@tensorflow/tfjs-backend-cpu`.
 */
async function ensureCpuBackend(): Promise<string | undefined> {
  if (tf.findBackendFactory('cpu')) return undefined;
  try {
    await import('@tensorflow/tfjs-backend-cpu');
    return undefined;
  } catch (err) {
    return `tfjs's cpu backend is not installed (${(err as Error).message}); install @tensorflow/tfjs-backend-cpu or use @tensorflow/tfjs, which includes it.`;
  }
}

/** The embedded default: tfjs's pure-JavaScript cpu backend, available everywhere. */
export const cpuBackend: BackendPlugin = {
  name: 'cpu',
  priority: 100,
  label: 'CPU (JavaScript)',
  async isAvailable() {
    const missing = await ensureCpuBackend();
    return missing ? { available: false, reason: missing } : { available: true };
  },
  async setup() {
    const missing = await ensureCpuBackend();
    if (missing) throw new Error(missing);
  },
};
