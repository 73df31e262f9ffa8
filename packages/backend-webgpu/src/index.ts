export { type DeviceLostInfo, type LosableDevice, watchDeviceLoss } from './device-loss.js';
export { preloadVulkanLoader, type VulkanLoaderResult } from './vulkan-loader.js';
export {
  createWebGpuBackend,
  SWIFTSHADER_ICD,
  type WebGpuBackendOptions,
  webgpuBackend,
} from './webgpu-backend.js';
