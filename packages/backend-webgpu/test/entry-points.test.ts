// The browser entry knows only navigator.gpu; the Node entry loads Dawn from the optional peer `webgpu` and
// says how to install it when it is missing.
import { afterEach, describe, expect, it } from 'vitest';
import { dawnFinder } from '../src/dawn-finder.js';
import { webGpuBackendWith } from '../src/webgpu-backend.js';

const scope = globalThis as { navigator?: { gpu?: unknown } };

afterEach(() => {
  if (scope.navigator) delete scope.navigator.gpu;
});

describe('entry points', () => {
  it('node entry: a missing `webgpu` package is reported with the install command', async () => {
    // What Node's import() throws when the optional peer is not installed.
    const missing = Object.assign(new Error("Cannot find package 'webgpu'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const plugin = webGpuBackendWith(dawnFinder(() => Promise.reject(missing)));
    const availability = await plugin.isAvailable();
    expect(availability.available).toBe(false);
    expect(availability.reason).toMatch(/optional peer dependency `webgpu`.*npm i webgpu/);
  });

  it('browser entry: without navigator.gpu it is unavailable and never touches Dawn', async () => {
    const { createWebGpuBackend } = await import('../src/index.js');
    const availability = await createWebGpuBackend().isAvailable();
    expect(availability.available).toBe(false);
    expect(availability.reason).toMatch(/no navigator\.gpu/);
  });

  it('browser entry: an adapter-less navigator.gpu says the browser offers no usable GPU', async () => {
    const { createWebGpuBackend } = await import('../src/index.js');
    scope.navigator ??= {};
    scope.navigator.gpu = { requestAdapter: async () => null };
    const availability = await createWebGpuBackend().isAvailable();
    expect(availability.reason).toMatch(/navigator\.gpu\.requestAdapter\(\) returned null.*no usable GPU/);
  });
});
