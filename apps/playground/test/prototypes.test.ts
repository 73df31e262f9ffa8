import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { canvasInk, hook, launch, openApp, waitForHook } from './support/browser.js';

describe('Prototypes: MMD-critic over the sample digits', () => {
  let browser: Browser;
  afterAll(async () => browser?.close());

  it('shows one prototype per requested slot, the projection, and nearest prototypes', async () => {
    browser = await launch();
    const { page, errors } = await openApp(
      browser,
      inject('appUrl'),
      '?tab=prototypes&protos=2&crits=1&input=sample%3A250&methods=saliency',
    );
    await waitForHook(page, 'h.nearest && h.prototypes', 120_000);
    const { prototypes, nearest } = await hook(page);
    expect(prototypes!.perClass).toHaveLength(10);
    for (const c of prototypes!.perClass) expect(c).toMatchObject({ prototypes: 2, criticisms: 1 });
    const gallery = 'section[aria-label="Prototypes and criticisms"] loupe-prototype-gallery';
    expect(await page.locator(`${gallery} button.card.prototype`).count()).toBe(20);
    expect(await page.locator(`${gallery} button.card.criticism`).count()).toBe(10);
    expect(await canvasInk(page, `${gallery} button.card.prototype canvas`)).toBeGreaterThan(0.05);
    expect(prototypes!.projected).toBe(1000);
    expect(await canvasInk(page, 'loupe-embedding-plot canvas')).toBeGreaterThan(0.01);
    // Issue 20: the projection says which layer it projects, and its legend names every class colour.
    const caption = await page.locator('loupe-embedding-plot .caption').textContent();
    expect(caption).toMatch(
      /^PCA of the \S+ layer’s activations \(\d+ values per digit\) for 1000 sample digits/,
    );
    expect(caption).toMatch(/horizontal axis is the first principal component/);
    const legend = (await page.locator('loupe-embedding-plot .legend li').allTextContents()).map((t) =>
      t.trim(),
    );
    expect(legend.slice(0, 10)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    // Sample 250 is a "2" (100 per class, in class order); its neighbours come from the predicted class.
    expect(nearest).toHaveLength(3);
    for (const n of nearest!) expect(n.label).toBe(2);
    expect(errors).toEqual([]);
  });
});
