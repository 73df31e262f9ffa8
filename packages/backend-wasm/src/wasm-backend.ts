import { type BackendAvailability, type BackendPlugin, BackendUnavailableError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { wasmCapabilities } from './wasm-capabilities.js';
import { loadWasmModule } from './wasm-module.js';
import { defaultWasmPaths, missingWasmBinary, type WasmPaths } from './wasm-paths.js';

/** Options of {@link createWasmBackend}. */
export interface WasmBackendOptions {
  /**
   * Where the `.wasm` binaries are served from: a directory prefix ending in `/`, or one URL per binary.
   * Default: in Node, the installed `@tensorflow/tfjs-backend-wasm/dist/`; in browsers, URLs that Vite and
   * webpack 5 emit as assets (see the README for Vite's dev server and for other bundlers).
   */
  wasmPaths?: WasmPaths;
  /** Fetch the binaries with the platform's `fetch` instead of Emscripten's loader. Default false. */
  usePlatformFetch?: boolean;
  /** Rank in `useBackend('auto')`. Default 200 (below webgpu 400 and node 300, above cpu 100). */
  priority?: number;
}

/**
 * A backend plugin for tfjs's WebAssembly backend (`@tensorflow/tfjs-backend-wasm` 4.22, XNNPACK kernels,
 * SIMD where the runtime has it). Creating it has no side effects; `setup()` loads the module and points it
 * at the binaries. The paths are process-wide in tfjs: the first plugin to initialise wasm fixes them.
 */
export function createWasmBackend(options: WasmBackendOptions = {}): BackendPlugin {
  const locate = (): WasmPaths => options.wasmPaths ?? defaultWasmPaths();
  return {
    name: 'wasm',
    priority: options.priority ?? 200,
    label: 'WebAssembly (XNNPACK)',
    async isAvailable(): Promise<BackendAvailability> {
      if (typeof WebAssembly !== 'object') {
        return {
          available: false,
          reason: 'This JavaScript runtime has no WebAssembly; use the cpu backend.',
        };
      }
      let paths: WasmPaths;
      try {
        paths = locate();
      } catch (err) {
        return {
          available: false,
          reason: `Cannot locate @tensorflow/tfjs-backend-wasm (${(err as Error).message}); reinstall @loupe/backend-wasm or pass createWasmBackend({ wasmPaths }).`,
        };
      }
      const missing = missingWasmBinary(paths);
      if (missing !== undefined) {
        return {
          available: false,
          reason: `The wasm binary ${missing} does not exist; pass createWasmBackend({ wasmPaths }) pointing at the dist/ folder of @tensorflow/tfjs-backend-wasm@4.22.0.`,
        };
      }
      return { available: true };
    },
    capabilities: wasmCapabilities,
    async setup(): Promise<void> {
      const wasm = await loadWasmModule();
      if (tf.findBackend('wasm') !== null) return;
      try {
        wasm.setWasmPaths(locate(), options.usePlatformFetch ?? false);
      } catch (err) {
        throw new BackendUnavailableError(
          `The wasm backend failed to initialise earlier and cannot be reconfigured (${(err as Error).message}); reload the page or restart the process.`,
        );
      }
    },
  };
}

/** The wasm backend with default paths; register it with `registerBackend(wasmBackend)`. */
export const wasmBackend: BackendPlugin = createWasmBackend();
