/** Whether an error means the backend ran out of memory; the one implementation lives in `@loupe/core`. */
export { isOutOfMemoryError } from '@loupe/core';
export { GRADIENT_KERNELS, missingWasmKernels } from './gradient-kernels.js';
export { createWasmBackend, type WasmBackendOptions, wasmBackend } from './wasm-backend.js';
export {
  bundlerWasmPaths,
  defaultWasmPaths,
  nodeWasmDirectory,
  WASM_BINARY_NAMES,
  type WasmBinaryName,
  type WasmPaths,
} from './wasm-paths.js';
