import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// The benchmarks include webgpu; without a GPU, Dawn needs Debian chromium's SwiftShader Vulkan driver.
const swiftShader = '/usr/lib/chromium/vk_swiftshader_icd.json';
const env =
  process.env.VK_ICD_FILENAMES === undefined && existsSync(swiftShader)
    ? { VK_ICD_FILENAMES: swiftShader }
    : {};

export default defineConfig({ ...sharedConfig, test: { ...sharedConfig.test, env } });
