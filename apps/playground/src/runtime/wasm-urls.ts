import type { WasmPaths } from '@loupe/backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

// Vite's `?url` imports emit the binaries with the build (and the service worker precaches them), which
// works in the dev server too, unlike bare-specifier `new URL()` expressions.

/** Where the three tfjs wasm binaries are served from, for `createWasmBackend({ wasmPaths })`. */
export const wasmBinaryUrls: WasmPaths = {
  'tfjs-backend-wasm.wasm': new URL(plain, location.href).href,
  'tfjs-backend-wasm-simd.wasm': new URL(simd, location.href).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(threaded, location.href).href,
};
