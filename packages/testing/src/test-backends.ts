import { type BackendAvailability, type BackendPlugin, getBackendPlugin } from '@loupe/core';

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

/** The default backend list: `LOUPE_TEST_BACKENDS` (e.g. `cpu,wasm`) or every known backend. */
export function defaultTestBackends(): string[] {
  const fromEnv = typeof process !== 'undefined' ? process.env.LOUPE_TEST_BACKENDS : undefined;
  const names = fromEnv
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names && names.length > 0 ? names : Object.keys(KNOWN_BACKENDS);
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

/**
 * The plugin for a backend name ('cpu', 'wasm', 'webgpu', 'tensorflow'): the one registered with core, else
 * the export of its package, loaded on demand. A package that cannot be loaded gives a stand-in plugin whose
 * `isAvailable()` reports why, so a runner can skip it with the reason. Plugin objects pass through.
 */
export async function loadTestBackend(backend: string | BackendPlugin): Promise<BackendPlugin> {
  if (typeof backend !== 'string') return backend;
  const registered = getBackendPlugin(backend);
  if (registered) return registered;
  const known = KNOWN_BACKENDS[backend];
  if (!known) {
    throw new Error(
      `Unknown test backend "${backend}"; known: ${Object.keys(KNOWN_BACKENDS).join(', ')}, or pass a BackendPlugin.`,
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

/** A plugin's availability; an `isAvailable()` that throws counts as unavailable with its message. */
export async function probeBackend(plugin: BackendPlugin): Promise<BackendAvailability> {
  try {
    return await plugin.isAvailable();
  } catch (err) {
    return { available: false, reason: `isAvailable() threw: ${(err as Error).message}` };
  }
}
