// The Node entry (export condition "node"): WebGPU through the runtime's navigator.gpu when it has one, else
// Dawn's Node bindings from the optional peer `webgpu`, with a clear reason when they are not installed.
// Same API as the browser entry.
import type { BackendPlugin } from '@loupe/core';
import { dawnGpuFinder } from './dawn-finder.js';
import { type WebGpuBackendOptions, webGpuBackendWith } from './webgpu-backend.js';

export { type DeviceLostInfo, type LosableDevice, watchDeviceLoss } from './device-loss.js';
export { SWIFTSHADER_ICD } from './swiftshader.js';
export { preloadVulkanLoader, type VulkanLoaderResult } from './vulkan-loader.js';
export type { WebGpuBackendOptions } from './webgpu-backend.js';

/**
 * A backend plugin for tfjs's WebGPU backend (`@tensorflow/tfjs-backend-webgpu` 4.22) in Node: Dawn through
 * the `webgpu` package (install it: `npm i webgpu`), on Linux over a Vulkan driver (SwiftShader without a GPU).
 */
export function createWebGpuBackend(options: WebGpuBackendOptions = {}): BackendPlugin {
  return webGpuBackendWith(dawnGpuFinder, options);
}

/** The WebGPU backend with default options (priority 400); register it with `registerBackend(webgpuBackend)`. */
export const webgpuBackend: BackendPlugin = createWebGpuBackend();
