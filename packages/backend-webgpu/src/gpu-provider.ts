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

/** How an entry point finds WebGPU (browser: `navigator.gpu`; Node: Dawn) and explains a missing adapter. */
export interface GpuFinder {
  /** A provider, or throws with the reason there is none. `dawnToggles` only matter to Dawn. */
  find(dawnToggles: readonly string[]): Promise<GpuProvider>;
  /** Why `requestAdapter()` came back empty, with the fix for the platform. */
  noAdapterReason(provider: GpuProvider): string;
}

/** The runtime's own `navigator.gpu` (browsers, Deno), or undefined. */
export function navigatorGpu(): GpuLike | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  return nav?.gpu ?? undefined;
}

/** The browser finder: `navigator.gpu` and nothing else, so a browser bundle never reaches Dawn. */
export const browserGpuFinder: GpuFinder = {
  async find() {
    const existing = navigatorGpu();
    if (existing) return { gpu: existing, globals: {}, source: 'navigator.gpu' };
    throw new Error(
      'this runtime has no navigator.gpu (WebGPU needs a secure context and a supporting browser; in Node, import @loupe/backend-webgpu under the "node" export condition and install the optional peer `webgpu`)',
    );
  },
  noAdapterReason(provider) {
    return `${provider.source}.requestAdapter() returned null: the browser supports WebGPU but offers no usable GPU (blocklisted driver or hardware acceleration disabled).`;
  },
};

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
