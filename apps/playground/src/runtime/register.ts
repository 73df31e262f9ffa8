import { createWasmBackend } from '@loupe/backend-wasm';
import { webgpuBackend } from '@loupe/backend-webgpu';
import { getBackendPlugin, registerBackend } from '@loupe/core';
import { registerGradientMethods } from '@loupe/methods-gradient';
import { registerPerturbationMethods } from '@loupe/methods-perturbation';
import { wasmBinaryUrls } from './wasm-urls.js';

/**
 * Registers every explainer the playground offers (gradient and relevance methods, perturbation methods)
 * and the browser backends next to core's built-in cpu: wasm (binaries served with the app) and WebGPU.
 * Safe to call twice.
 */
export function registerEverything(): void {
  registerGradientMethods();
  registerPerturbationMethods();
  if (!getBackendPlugin('wasm')) registerBackend(createWasmBackend({ wasmPaths: wasmBinaryUrls }));
  if (!getBackendPlugin('webgpu')) registerBackend(webgpuBackend);
}
