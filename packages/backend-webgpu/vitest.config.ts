import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Without a GPU, Dawn needs a software Vulkan driver: Debian's chromium ships SwiftShader. CI exports this;
// setting it here lets `pnpm --filter @loupe/backend-webgpu test` run on a developer machine too.
const swiftShader = '/usr/lib/chromium/vk_swiftshader_icd.json';
const env =
  process.env.VK_ICD_FILENAMES === undefined && existsSync(swiftShader)
    ? { VK_ICD_FILENAMES: swiftShader }
    : {};

export default defineConfig({ ...sharedConfig, test: { ...sharedConfig.test, env } });
