import { isNode } from '@loupe/core';
import { preloadVulkanLoader } from './vulkan-loader.js';

/** The slice of the WebGPU `GPU` object this package uses. */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<object | null>;
}

/** A WebGPU implementation: the `GPU` object plus the constants (`GPUBufferUsage` …) tfjs reads as globals. */
export interface GpuProvider {
  gpu: GpuLike;
  /** Global constructors/constants to install before tfjs-backend-webgpu runs; empty in browsers. */
  globals: Record<string, unknown>;
  /** Where the implementation came from, for messages: 'navigator.gpu' or 'webgpu (Dawn)'. */
  source: string;
}

/** The browser's `navigator.gpu`, or undefined. */
function navigatorGpu(): GpuLike | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  return nav?.gpu ?? undefined;
}

/**
 * Finds a WebGPU implementation: `navigator.gpu` when the runtime has one; in Node, Dawn through the `webgpu`
 * package (after making sure the Vulkan loader can be found on Linux). Throws with the reason when neither
 * exists. Touches no globals.
 */
export async function findGpu(dawnToggles: readonly string[]): Promise<GpuProvider> {
  const existing = navigatorGpu();
  if (existing) return { gpu: existing, globals: {}, source: 'navigator.gpu' };
  if (!isNode()) {
    throw new Error(
      'this browser has no navigator.gpu (WebGPU needs a secure context and a supporting browser)',
    );
  }
  preloadVulkanLoader();
  const dawn = await import('webgpu');
  const gpu = dawn.create([...dawnToggles]) as unknown as GpuLike;
  return { gpu, globals: { ...(dawn.globals as Record<string, unknown>) }, source: 'webgpu (Dawn)' };
}

/**
 * Installs a provider for tfjs-backend-webgpu, which checks `navigator.gpu` when it is imported and reads
 * `GPUBufferUsage`/`GPUMapMode`/… as globals. Defines `navigator` in Node versions that lack it.
 */
export function installGpu(provider: GpuProvider): void {
  const scope = globalThis as { navigator?: object };
  for (const [name, value] of Object.entries(provider.globals)) {
    if (!(name in globalThis))
      Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  if (navigatorGpu() === provider.gpu) return;
  if (scope.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  }
  Object.defineProperty(scope.navigator as object, 'gpu', {
    value: provider.gpu,
    configurable: true,
    writable: true,
  });
}
