import {
  type BackendAvailability,
  type BackendPlugin,
  BackendUnavailableError,
  reportBackendLost,
} from '@loupe/core';
import { type GpuFinder, type GpuProvider, installGpu } from './gpu-provider.js';
import { discardLostBackend, registerWatchedFactory } from './tfjs-factory.js';

/** Options of {@link createWebGpuBackend}. */
export interface WebGpuBackendOptions {
  /** Rank in `useBackend('auto')`. Default 400 (the highest of the built-in plugins). */
  priority?: number;
  /** Dawn toggles passed to `create()` of the `webgpu` package in Node, e.g. `['backend=vulkan']`. Default none. */
  dawnToggles?: readonly string[];
  /**
   * Called when the GPU device is lost (driver reset, GPU removed). Default: core's
   * `reportBackendLost('webgpu', reason)`, which switches to the best remaining backend.
   */
  onDeviceLost?: (reason: string) => undefined | Promise<unknown>;
}

interface Probe {
  provider?: GpuProvider;
  reason?: string;
}

/**
 * The plugin over a way of finding WebGPU (each entry point passes its own: `navigator.gpu` in browsers, Dawn
 * in Node). Available only when `requestAdapter()` really returns an adapter, because tfjs would otherwise
 * fall back to cpu without saying so. Creating it has no side effects; `setup()` installs the GPU object and
 * imports tfjs-backend-webgpu.
 */
export function webGpuBackendWith(finder: GpuFinder, options: WebGpuBackendOptions = {}): BackendPlugin {
  let probe: Promise<Probe> | undefined;
  const probeOnce = (): Promise<Probe> => {
    probe ??= probeAdapter(finder, options.dawnToggles ?? []);
    return probe;
  };
  const onLost = (reason: string): void => {
    probe = undefined;
    const report = options.onDeviceLost ?? ((why: string) => reportBackendLost('webgpu', why));
    void Promise.resolve()
      .then(() => report(reason))
      .catch((err: unknown) =>
        console.warn(`[loupe] ${reason}; no fallback backend: ${(err as Error).message}`),
      )
      .finally(discardLostBackend);
  };
  return {
    name: 'webgpu',
    priority: options.priority ?? 400,
    label: 'WebGPU',
    async isAvailable(): Promise<BackendAvailability> {
      const result = await probeOnce();
      return result.provider ? { available: true } : { available: false, reason: result.reason };
    },
    async setup(): Promise<void> {
      const result = await probeOnce();
      if (!result.provider) throw new BackendUnavailableError(`WebGPU is unavailable: ${result.reason}`);
      installGpu(result.provider);
      await import('@tensorflow/tfjs-backend-webgpu');
      registerWatchedFactory(onLost);
    },
  };
}

/** Asks for an adapter once; never throws. */
async function probeAdapter(finder: GpuFinder, dawnToggles: readonly string[]): Promise<Probe> {
  let provider: GpuProvider;
  try {
    provider = await finder.find(dawnToggles);
  } catch (err) {
    return { reason: `no WebGPU implementation: ${(err as Error).message}` };
  }
  try {
    const adapter = await provider.gpu.requestAdapter({ powerPreference: 'high-performance' });
    return adapter ? { provider } : { reason: finder.noAdapterReason(provider) };
  } catch (err) {
    return { reason: `requestAdapter() failed: ${(err as Error).message}` };
  }
}
