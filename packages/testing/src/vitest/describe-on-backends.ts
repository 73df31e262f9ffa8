import { type BackendPlugin, getBackendPlugin, registerBackend, useBackend } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { defaultTestBackends, loadTestBackend, probeBackend } from '../test-backends.js';

/** Options of {@link describeOnBackends}. */
export interface DescribeOnBackendsOptions {
  /**
   * Backends to repeat the suite on: names ('cpu', 'wasm', 'webgpu', 'tensorflow') or plugin objects.
   * Default: the comma-separated names in the `LOUPE_TEST_BACKENDS` environment variable, else all four.
   * Unavailable ones are skipped with the reason printed.
   */
  backends?: readonly (string | BackendPlugin)[];
}

/**
 * Declares the suite `fn` once per backend, as `describe('<name> [<backend>]')`, switching with core's
 * `useBackend` before it and back afterwards; `fn` receives the backend name. Plugins are registered with
 * core when their name is free. Backends that cannot run here are declared skipped and the reason is printed,
 * so a log shows why webgpu did not run. Availability is probed while tests are collected, so call it at the
 * top level of a test file with `await`:
 *
 * ```ts
 * await describeOnBackends('saliency', (backend) => { it('matches finite differences', async () => { … }); });
 * ```
 */
export async function describeOnBackends(
  name: string,
  fn: (backend: string) => void,
  options: DescribeOnBackendsOptions = {},
): Promise<void> {
  const plugins = await Promise.all((options.backends ?? defaultTestBackends()).map(loadTestBackend));
  for (const plugin of plugins) {
    const title = `${name} [${plugin.name}]`;
    const availability = await probeBackend(plugin);
    if (!availability.available) {
      console.info(`[describeOnBackends] skipping ${title}: ${availability.reason ?? 'unavailable'}`);
      describe.skip(`${title} (unavailable: ${availability.reason ?? 'no reason given'})`, () =>
        fn(plugin.name));
      continue;
    }
    describe(title, () => {
      let previous = 'cpu';
      beforeAll(async () => {
        if (!getBackendPlugin(plugin.name)) registerBackend(plugin);
        previous = tf.getBackend() ?? 'cpu';
        await useBackend(plugin.name);
      });
      afterAll(async () => {
        await useBackend(getBackendPlugin(previous) ? previous : 'cpu');
      });
      fn(plugin.name);
    });
  }
}
