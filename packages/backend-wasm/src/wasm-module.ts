/** The parts of `@tensorflow/tfjs-backend-wasm` this package calls. */
export type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');

let loading: Promise<WasmModule> | undefined;

/**
 * Imports `@tensorflow/tfjs-backend-wasm` once. Its import registers the 'wasm' backend factory and kernels
 * with tfjs, which is why this package never imports it statically: registration must stay explicit.
 */
export function loadWasmModule(): Promise<WasmModule> {
  loading ??= import('@tensorflow/tfjs-backend-wasm');
  return loading;
}
