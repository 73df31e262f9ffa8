import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { hook, launch, waitForHook } from './support/browser.js';

describe('Offline after the first visit', () => {
  let browser: Browser;
  afterAll(async () => browser?.close());

  it('reloads and explains with the network off once the service worker has cached the build', async () => {
    browser = await launch();
    const context = await browser.newContext();
    const page = await context.newPage();
    const url = `${inject('appUrl')}?methods=saliency&input=sample%3A3`;
    await page.goto(url);
    await page.waitForFunction(
      async () => (await navigator.serviceWorker.ready).active?.state === 'activated',
      null,
      { timeout: 60_000 },
    );
    await context.setOffline(true);
    await page.reload();
    await waitForHook(page, 'h.attributions.saliency && h.firstHeatmapAt !== undefined', 60_000);
    expect((await hook(page)).prediction?.index).toBe(0);
    await context.setOffline(false);
  });
});
