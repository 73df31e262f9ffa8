import type { BackendCapabilities } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { loadWasmModule } from './wasm-module.js';

/**
 * Threads and SIMD of tfjs's wasm backend here. Once the backend runs, the thread count is the one XNNPACK
 * got; before, it is what tfjs 4.22 will pick: its threaded SIMD build needs SharedArrayBuffer (browsers:
 * a cross-origin-isolated page) and is off in Node, and its thread pool is capped at half the logical cores
 * (at most 8). Loads the wasm module's JavaScript (not the binary); never throws.
 */
export async function wasmCapabilities(): Promise<BackendCapabilities> {
  try {
    const wasm = await loadWasmModule();
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
    // The engine's registry holds initialised backends only; tf.findBackend would initialise wasm here,
    // before setup() has set its binaries' paths (a page then fetches HTML for the .wasm and the init fails).
    if ('wasm' in tf.engine().registry) return { simd, threads: wasm.getThreadsCount() };
    const threaded = simd && ((await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean);
    const cores = typeof navigator !== 'undefined' ? (navigator.hardwareConcurrency ?? 1) : 1;
    return { simd, threads: threaded ? Math.max(1, Math.min(8, Math.floor(cores / 2))) : 1 };
  } catch {
    return {};
  }
}
