// The browser (and default) entry: WebGPU through `navigator.gpu` only. Nothing here reaches Dawn or a Node
// builtin, so any bundler builds it without configuration. Node gets ./node.ts through the "node" condition.
import type { BackendPlugin } from '@loupe/core';
import { browserGpuFinder } from './gpu-provider.js';
import { type WebGpuBackendOptions, webGpuBackendWith } from './webgpu-backend.js';

export { type DeviceLostInfo, type LosableDevice, watchDeviceLoss } from './device-loss.js';
export { SWIFTSHADER_ICD } from './swiftshader.js';
export { preloadVulkanLoader, type VulkanLoaderResult } from './vulkan-loader.js';
export type { WebGpuBackendOptions } from './webgpu-backend.js';

/**
 * A backend plugin for tfjs's WebGPU backend (`@tensorflow/tfjs-backend-webgpu` 4.22) over `navigator.gpu`.
 * In Node the "node" export condition gives the same function over Dawn (the optional `webgpu` package).
 */
export function createWebGpuBackend(options: WebGpuBackendOptions = {}): BackendPlugin {
  return webGpuBackendWith(browserGpuFinder, options);
}

/** The WebGPU backend with default options (priority 400); register it with `registerBackend(webgpuBackend)`. */
export const webgpuBackend: BackendPlugin = createWebGpuBackend();
