import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hook, launch, openApp, waitForHook } from './support/browser.js';

const params = JSON.stringify({ 'integrated-gradients': { steps: 32 } });

/** Opens the model bar and clicks one of its shipped-model buttons. */
async function loadShipped(page: Page, button: string): Promise<void> {
  await page.locator('details.model-panel').evaluate((d: HTMLDetailsElement) => {
    d.open = true;
  });
  await page.click(`.model-panel button:has-text("${button}")`);
}

describe('Shipped demo models: one per mode of the Attribute tab', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    ({ page, errors } = await openApp(
      browser,
      inject('appUrl'),
      `?model=demo%3Asegmenter&methods=saliency,integrated-gradients&input=sample%3A0&params=${encodeURIComponent(params)}`,
    ));
    await waitForHook(
      page,
      'h.modelKind === "dense" && h.region?.key && h.attributions["integrated-gradients"]?.region === h.region.key && h.attributions["integrated-gradients"].inputVersion === h.inputVersion',
    );
  });
  afterAll(async () => browser?.close());

  it('the digit segmenter (from the link) explains the region it labels with the sample digit’s class', async () => {
    const h = await hook(page);
    const region = h.region as NonNullable<typeof h.region>;
    expect(region.counts).toHaveLength(11);
    // Sample 0 is a 7 (its caption says so); 'auto' picks the largest non-background class.
    const caption = await page.locator('.input-caption').textContent();
    const label = Number(/label (\d)/.exec(caption ?? '')?.[1]);
    expect(await page.locator('.region-note').textContent()).toContain(`class “${label}”`);
    expect(region.positions).toBeGreaterThan(30);
    const ig = h.attributions['integrated-gradients'];
    expect(Math.abs(ig.convergenceDelta ?? Number.NaN)).toBeLessThan(0.02 * Math.abs(ig.sum) + 0.05);
    expect(await page.locator('.model-name').textContent()).toBe('shipped MNIST digit segmenter');
  });

  it('the toy sentiment classifier opens the text mode on its example: the negation and the opinion word decide', async () => {
    const first = (await hook(page)).modelId;
    await loadShipped(page, 'Toy sentiment (text)');
    await waitForHook(
      page,
      `h.modelKind === "text" && h.text?.modelId === h.modelId && h.modelId > ${first}`,
    );
    const text = (await hook(page)).text as NonNullable<Awaited<ReturnType<typeof hook>>['text']>;
    expect(text.tokens).toEqual(['honestly', 'the', 'pizza', 'was', 'not', 'good', 'on', 'friday']);
    expect(text.ids).not.toContain(1); // every word is in the vocabulary
    expect(text.predicted).toBe(0); // negative
    const largest = text.scores.map(Math.abs).indexOf(Math.max(...text.scores.map(Math.abs)));
    expect(['not', 'good']).toContain(text.tokens[largest]);
    expect(Math.abs(text.convergenceDelta ?? Number.NaN)).toBeLessThan(0.01 * Math.abs(text.sum) + 1e-3);
    expect(page.url()).toContain('model=demo%3Asentiment');
    expect(errors).toEqual([]);
  });
});
