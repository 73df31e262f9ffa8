import {
  type BackendAvailability,
  type BackendPlugin,
  getBackendPlugin,
  registerBackend,
  useBackend,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe } from 'vitest';

/**
 * The backends the runner knows by name: the package and export that hold each plugin. They are optional
 * peers loaded on demand, so @loupe/testing does not depend on the backend packages (whose own tests use
 * @loupe/testing) and a package without one simply skips that backend.
 */
const KNOWN_BACKENDS: Readonly<Record<string, { from: string; plugin: string }>> = {
  cpu: { from: '@loupe/core', plugin: 'cpuBackend' },
  wasm: { from: '@loupe/backend-wasm', plugin: 'wasmBackend' },
  webgpu: { from: '@loupe/backend-webgpu', plugin: 'webgpuBackend' },
  tensorflow: { from: '@loupe/backend-node', plugin: 'nodeBackend' },
};

/** Options of {@link describeOnBackends}. */
export interface DescribeOnBackendsOptions {
  /**
   * Backends to repeat the suite on: names ('cpu', 'wasm', 'webgpu', 'tensorflow') or plugin objects.
   * Default: the comma-separated names in the `LOUPE_TEST_BACKENDS` environment variable, else all four.
   * Unavailable ones are skipped with the reason printed.
   */
  backends?: readonly (string | BackendPlugin)[];
}

/** The default backend list: `LOUPE_TEST_BACKENDS` (e.g. `cpu,wasm`) or every known backend. */
export function defaultTestBackends(): string[] {
  const fromEnv = typeof process !== 'undefined' ? process.env.LOUPE_TEST_BACKENDS : undefined;
  const names = fromEnv
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names && names.length > 0 ? names : Object.keys(KNOWN_BACKENDS);
}

/** A plugin, or a stand-in that reports why the named one could not be loaded. */
async function toPlugin(backend: string | BackendPlugin): Promise<BackendPlugin> {
  if (typeof backend !== 'string') return backend;
  const registered = getBackendPlugin(backend);
  if (registered) return registered;
  const known = KNOWN_BACKENDS[backend];
  if (!known) {
    throw new Error(
      `describeOnBackends: unknown backend "${backend}"; known: ${Object.keys(KNOWN_BACKENDS).join(', ')}, or pass a BackendPlugin.`,
    );
  }
  try {
    const module = (await import(/* @vite-ignore */ known.from)) as Record<string, BackendPlugin | undefined>;
    const plugin = module[known.plugin];
    if (plugin) return plugin;
    return unloadable(backend, `${known.from} has no export ${known.plugin}`);
  } catch (err) {
    return unloadable(
      backend,
      `${known.from} could not be loaded (${(err as Error).message}); add it as a devDependency`,
    );
  }
}

function unloadable(name: string, reason: string): BackendPlugin {
  return {
    name,
    priority: 0,
    isAvailable: async () => ({ available: false, reason }),
    setup: async () => {
      throw new Error(reason);
    },
  };
}

async function probe(plugin: BackendPlugin): Promise<BackendAvailability> {
  try {
    return await plugin.isAvailable();
  } catch (err) {
    return { available: false, reason: `isAvailable() threw: ${(err as Error).message}` };
  }
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
  const plugins = await Promise.all((options.backends ?? defaultTestBackends()).map(toPlugin));
  for (const plugin of plugins) {
    const title = `${name} [${plugin.name}]`;
    const availability = await probe(plugin);
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
