/**
 * The all-in-one embed entry (built to dist/loupe-embed.js): every element defined, every gradient and
 * perturbation method registered, and the WebGPU and WASM backends registered (the `.wasm` files sit
 * next to the bundle). A page needs one `<script type="module">` and one `<loupe-explainer>`.
 */

import { createWasmBackend } from '@loupe/backend-wasm';
import { webgpuBackend } from '@loupe/backend-webgpu';
import { getBackendPlugin, registerBackend } from '@loupe/core';
import { registerGradientMethods } from '@loupe/methods-gradient';
import { registerPerturbationMethods } from '@loupe/methods-perturbation';
import { defineLoupeElements } from './define.js';

if (getBackendPlugin('webgpu') === undefined) registerBackend(webgpuBackend);
if (getBackendPlugin('wasm') === undefined) {
  registerBackend(createWasmBackend({ wasmPaths: new URL('./', import.meta.url).href }));
}
registerGradientMethods();
registerPerturbationMethods();
defineLoupeElements();

export * as core from '@loupe/core';
export * as tf from '@tensorflow/tfjs';
export * from './index.js';
