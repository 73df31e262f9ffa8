import { expect, it } from 'vitest';
import { createWebGpuBackend, SWIFTSHADER_ICD } from '../src/node.js';

it('reports no adapter, with the driver fix, when the Vulkan driver named is absent', async () => {
  // The Vulkan loader reads VK_ICD_FILENAMES when Dawn creates its instance, after this assignment.
  process.env.VK_ICD_FILENAMES = '/nonexistent/icd.json';
  const availability = await createWebGpuBackend().isAvailable();
  expect(availability.available).toBe(false);
  expect(availability.reason).toContain('no Vulkan driver');
  expect(availability.reason).toContain(`VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`);
});
