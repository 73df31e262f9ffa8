import type { BackendPlugin } from './types.js';

/** The embedded default: tfjs's pure-JavaScript cpu backend, available everywhere. */
export const cpuBackend: BackendPlugin = {
  name: 'cpu',
  priority: 100,
  label: 'CPU (JavaScript)',
  async isAvailable() {
    return { available: true };
  },
  async setup() {
    // Built into @tensorflow/tfjs; nothing to register.
  },
};
