import {
  type BackendAvailability,
  type BackendPlugin,
  BackendUnavailableError,
  isNode,
  nodeBuiltins,
  reportBackendLost,
} from '@loupe/core';
import { findGpu, type GpuProvider, installGpu } from './gpu-provider.js';
import { discardLostBackend, registerWatchedFactory } from './tfjs-factory.js';

/** SwiftShader's ICD as shipped by Debian's chromium package: a software Vulkan driver. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

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
 * A backend plugin for tfjs's WebGPU backend (`@tensorflow/tfjs-backend-webgpu` 4.22): `navigator.gpu` in
 * browsers, Dawn (the `webgpu` package) in Node. Available only when `requestAdapter()` really returns an
 * adapter, because tfjs would otherwise fall back to cpu without saying so. Creating it has no side effects;
 * `setup()` installs the GPU object and imports tfjs-backend-webgpu.
 */
export function createWebGpuBackend(options: WebGpuBackendOptions = {}): BackendPlugin {
  let probe: Promise<Probe> | undefined;
  const probeOnce = (): Promise<Probe> => {
    probe ??= probeAdapter(options.dawnToggles ?? []);
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
async function probeAdapter(dawnToggles: readonly string[]): Promise<Probe> {
  let provider: GpuProvider;
  try {
    provider = await findGpu(dawnToggles);
  } catch (err) {
    return { reason: `no WebGPU implementation: ${(err as Error).message}` };
  }
  try {
    const adapter = await provider.gpu.requestAdapter({ powerPreference: 'high-performance' });
    return adapter ? { provider } : { reason: noAdapterReason(provider) };
  } catch (err) {
    return { reason: `requestAdapter() failed: ${(err as Error).message}` };
  }
}

/** Why `requestAdapter()` came back empty, with the fix for the platform. */
function noAdapterReason(provider: GpuProvider): string {
  if (!isNode()) {
    return `${provider.source}.requestAdapter() returned null: the browser supports WebGPU but offers no usable GPU (blocklisted driver or hardware acceleration disabled).`;
  }
  const icd = process.env.VK_ICD_FILENAMES;
  const hasSwiftShader = nodeBuiltins()?.fs.existsSync(SWIFTSHADER_ICD) ?? false;
  const fix = hasSwiftShader
    ? `SwiftShader is installed: export VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`
    : `on Debian without a GPU, install chromium (apt-get install chromium) and set VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`;
  const current = icd ? ` (VK_ICD_FILENAMES=${icd} gave none)` : '';
  return `Dawn found no GPU adapter: no Vulkan driver${current}; ${fix} (a software driver: correct but slow).`;
}

/** The WebGPU backend with default options; register it with `registerBackend(webgpuBackend)`. */
export const webgpuBackend: BackendPlugin = createWebGpuBackend();
