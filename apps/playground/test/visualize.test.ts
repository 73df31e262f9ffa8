import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { canvasInk, hook, launch, openApp, waitForHook } from './support/browser.js';

describe('Visualize: activation maximization in three regimes', () => {
  let browser: Browser;
  afterAll(async () => browser?.close());

  it('ends each regime on an image the model classifies as the chosen class', async () => {
    browser = await launch();
    const { page, errors } = await openApp(
      browser,
      inject('appUrl'),
      '?tab=visualize&viz=class%3A3&steps=128&methods=saliency',
    );
    await waitForHook(page, 'h.modelId > 0');
    await page.click('text=Run all three');
    await waitForHook(page, 'Object.keys(h.visualize).length === 3', 170_000);
    const { visualize } = await hook(page);
    for (const regime of ['score-only', 'expert-prior', 'code-space']) {
      expect(visualize[regime]).toMatchObject({ target: 3, predicted: 3, steps: 128 });
      expect(await canvasInk(page, `loupe-feature-viz[data-regime="${regime}"] canvas`)).toBeGreaterThan(
        0.05,
      );
    }
    expect(errors).toEqual([]);
  });
});
