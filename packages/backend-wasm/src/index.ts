export { GRADIENT_KERNELS, missingWasmKernels } from './gradient-kernels.js';
export { isOutOfMemoryError } from './out-of-memory.js';
export { createWasmBackend, type WasmBackendOptions, wasmBackend } from './wasm-backend.js';
export {
  bundlerWasmPaths,
  defaultWasmPaths,
  nodeWasmDirectory,
  WASM_BINARY_NAMES,
  type WasmBinaryName,
  type WasmPaths,
} from './wasm-paths.js';
