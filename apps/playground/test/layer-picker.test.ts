import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hook, launch, openApp, waitForHook } from './support/browser.js';

// Few steps keep the run short; the methods' own tests prove their numbers.
const params = JSON.stringify({ 'guided-integrated-gradients': { steps: 24 }, xrai: { steps: 8 } });

describe('Attribute: Guided IG, XRAI and the inner-layer picker', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    ({ page, errors } = await openApp(
      browser,
      inject('appUrl'),
      `?methods=grad-cam,guided-integrated-gradients,xrai&backend=cpu&params=${encodeURIComponent(params)}`,
    ));
    await waitForHook(page, 'h.attributions["xrai"] && h.attributions["grad-cam"]');
  });
  afterAll(async () => browser?.close());

  it('offers Guided IG and XRAI with what they show and their paper, and runs them', async () => {
    for (const [id, year, says] of [
      ['guided-integrated-gradients', '2021', 'least sensitive'],
      ['xrai', '2019', 'regions'],
    ]) {
      const about = page.locator(`#about-${id}`);
      await expect.poll(() => page.locator(`.method-list input[value="${id}"]`).isChecked()).toBe(true);
      expect(await about.textContent()).toContain(says);
      expect(await about.locator('cite').textContent()).toContain(`Kapishnikov et al. ${year}`);
    }
    const { attributions } = await hook(page);
    const gig = attributions['guided-integrated-gradients'];
    expect(gig.maxAbs).toBeGreaterThan(0);
    // The path ends at the input: the map sums to about f(x) − f(baseline) (24 left-Riemann steps).
    expect(Math.abs(gig.convergenceDelta ?? Number.NaN)).toBeLessThan(0.1 * Math.abs(gig.sum) + 0.1);
    expect(attributions.xrai.maxAbs).toBeGreaterThan(0);
    expect(
      await page.locator('loupe-method-grid').evaluate((g) => g.shadowRoot?.textContent ?? ''),
    ).toContain('XRAI');
    expect(errors).toEqual([]);
  });

  it('lists the model’s layers and passes the picked one to Grad-CAM (kept in the URL)', async () => {
    const options = await page.locator('#layer-picker option').allTextContents();
    expect(options[0]).toMatch(/default/);
    expect(options.some((o) => o.startsWith('conv1 · Conv2D'))).toBe(true);
    expect(options.some((o) => o.startsWith('logits · Dense'))).toBe(true);
    const auto = (await hook(page)).attributions['grad-cam'].layer;
    expect(auto).not.toBe('conv1');
    await page.selectOption('#layer-picker', 'conv1');
    await expect.poll(() => page.locator('#layer-note').textContent()).toMatch(/Used by: Grad-CAM\./);
    await waitForHook(page, 'h.attributions["grad-cam"]?.layer === "conv1"');
    expect(page.url()).toMatch(/layer=conv1/);
    // A dense layer suits no chosen method here: Grad-CAM needs a spatial one, so it keeps its default.
    await page.selectOption('#layer-picker', 'logits');
    await expect
      .poll(() => page.locator('#layer-note').textContent())
      .toMatch(/No chosen method takes logits/);
    expect(errors).toEqual([]);
  });
});
