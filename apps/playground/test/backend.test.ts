import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { hook, launch, openApp, waitForHook } from './support/browser.js';

describe('Backend: switching to WebGPU (SwiftShader) and back', () => {
  let browser: Browser;
  afterAll(async () => browser?.close());

  it('re-explains on WebGPU with the same map as cpu, then returns to cpu', async () => {
    browser = await launch({ webgpu: true });
    const { page, errors } = await openApp(
      browser,
      inject('appUrl'),
      '?tab=backend&methods=saliency&backend=cpu',
    );
    await waitForHook(page, 'h.attributions.saliency?.backend === "cpu"');
    const onCpu = (await hook(page)).attributions.saliency;
    await page.locator('loupe-backend-picker input[value="webgpu"]').check();
    await waitForHook(
      page,
      'h.backend === "webgpu" && h.attributions.saliency?.backend === "webgpu"',
      120_000,
    );
    const onGpu = (await hook(page)).attributions.saliency;
    expect(onGpu.sum).toBeCloseTo(onCpu.sum, 2);
    expect(onGpu.maxAbs).toBeCloseTo(onCpu.maxAbs, 3);
    expect(page.url()).toContain('backend=webgpu');
    await page.locator('loupe-backend-picker input[value="cpu"]').check();
    await waitForHook(page, 'h.backend === "cpu" && h.attributions.saliency?.backend === "cpu"');
    expect(page.url()).toContain('backend=cpu');
    expect(errors).toEqual([]);
  });
});
