import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { hook, launch, openApp, waitForHook } from './support/browser.js';

describe('Backend: switching to WebGPU (SwiftShader) and back', () => {
  let browser: Browser;
  afterAll(async () => browser?.close());

  it('re-explains on WebGPU (same prediction as cpu), then returns to cpu', async () => {
    browser = await launch({ webgpu: true });
    const { page, errors } = await openApp(
      browser,
      inject('appUrl'),
      '?tab=backend&methods=saliency&backend=cpu',
    );
    await waitForHook(page, 'h.attributions.saliency?.backend === "cpu"');
    const cpu = await hook(page);
    const onCpu = cpu.attributions.saliency;
    await page.locator('loupe-backend-picker input[value="webgpu"]').check();
    await waitForHook(
      page,
      'h.backend === "webgpu" && h.attributions.saliency?.backend === "webgpu"',
      120_000,
    );
    const gpu = await hook(page);
    const onGpu = gpu.attributions.saliency;
    // The forward pass agrees to float32 precision. The |gradient| maps agree only roughly: where a
    // max-pool window holds equal values (ReLU(bias) over the blank background) cpu and WebGPU route the
    // gradient to different positions, so per-pixel values (and their absolute sum) legitimately differ.
    for (const [k, p] of gpu.prediction!.probabilities.entries()) {
      expect(p).toBeCloseTo(cpu.prediction!.probabilities[k], 4);
    }
    expect(Math.abs(onGpu.sum - onCpu.sum)).toBeLessThan(0.1 * onCpu.sum);
    expect(onGpu.maxAbs).toBeGreaterThan(0);
    expect(page.url()).toContain('backend=webgpu');
    await page.locator('loupe-backend-picker input[value="cpu"]').check();
    await waitForHook(page, 'h.backend === "cpu" && h.attributions.saliency?.backend === "cpu"');
    expect(page.url()).toContain('backend=cpu');
    expect(errors).toEqual([]);
  });
});
