import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { canvasInk, hook, launch, openApp, waitForHook } from './support/browser.js';

/** Draws a "7" on the drawing pad with mouse events: a top bar, then a diagonal stroke down. */
async function drawSeven(page: Page): Promise<void> {
  // The pad shows the sample being explained; a new drawing starts from a clear pad.
  await page.click('loupe-image-input button:has-text("Clear")');
  const pad = page.locator('loupe-image-input canvas.pad');
  const box = await pad.boundingBox();
  if (!box) throw new Error('The drawing pad is not visible.');
  const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(0.25, 0.22));
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(...at(0.25 + 0.5 * (i / 10), 0.22));
  for (let i = 1; i <= 14; i++) await page.mouse.move(...at(0.75 - 0.3 * (i / 14), 0.22 + 0.62 * (i / 14)));
  await page.mouse.up();
}

describe('Attribute and Evaluate: a drawn digit', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    ({ page, errors } = await openApp(
      browser,
      inject('appUrl'),
      '?methods=integrated-gradients&backend=cpu',
    ));
    await waitForHook(page, 'h.attributions["integrated-gradients"]');
  });
  afterAll(async () => browser?.close());

  it('predicts the drawing and renders its integrated-gradients heatmap', async () => {
    const before = (await hook(page)).inputVersion;
    await drawSeven(page);
    await waitForHook(
      page,
      `h.inputVersion > ${before} && h.attributions["integrated-gradients"]?.inputVersion === h.inputVersion`,
    );
    const state = await hook(page);
    const prediction = state.prediction!;
    expect(prediction.probabilities).toHaveLength(10);
    expect(prediction.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 4);
    expect(prediction.probability).toBe(Math.max(...prediction.probabilities));
    await expect.poll(() => page.locator('.prediction strong').textContent()).toBe(String(prediction.index));
    expect(prediction.index).toBe(7);
    const ig = state.attributions['integrated-gradients'];
    expect(ig.backend).toBe('cpu');
    expect(ig.maxAbs).toBeGreaterThan(0);
    // Completeness (Sundararajan et al. 2017): the map sums to f(x) − f(baseline) up to the quadrature error.
    expect(Math.abs(ig.convergenceDelta ?? Number.NaN)).toBeLessThan(0.05 * Math.abs(ig.sum) + 0.05);
    expect(await canvasInk(page, 'loupe-method-grid loupe-heatmap canvas.main')).toBeGreaterThan(0.05);
    expect(page.url()).toMatch(/input=px%3A28%3A/);
  });

  it('says under every method checkbox what the method shows and cites its paper (issue 20)', async () => {
    const choices = page.locator('.method-list .method');
    const count = await choices.count();
    expect(count).toBeGreaterThanOrEqual(10);
    for (let i = 0; i < count; i++) {
      const choice = choices.nth(i);
      const box = choice.locator('input[type=checkbox]');
      const about = choice.locator(`#${await box.getAttribute('aria-describedby')}`);
      // The line is the checkbox's accessible description: a sentence, then the short citation.
      expect(await about.textContent()).toMatch(/\S{3,}.*\S/);
      // Authors and year of the paper (feature ablation, which has none, cites Captum's implementation).
      expect(await about.locator('cite').textContent()).toMatch(/^ ?(\S.* (19|20)\d\d|Captum \w+)$/);
    }
  });

  it('draws a deletion curve that starts at the prediction and falls', async () => {
    await page.click('#tab-evaluate');
    await waitForHook(page, 'h.curves["Integrated gradients:deletion"]');
    const { curves, prediction } = await hook(page);
    const curve = curves['Integrated gradients:deletion'];
    expect(curve.scores[0]).toBeCloseTo(prediction!.probability, 4);
    for (const s of curve.scores) expect(s >= 0 && s <= 1).toBe(true);
    expect(curve.scores.at(-1)!).toBeLessThan(curve.scores[0]);
    expect(curve.auc).toBeGreaterThan(0);
    expect(curve.auc).toBeLessThan(curve.scores[0]);
    const points = await page.locator('loupe-curve polyline').first().getAttribute('points');
    expect(points?.split(' ').length).toBe(curve.scores.length);
    expect(errors).toEqual([]);
  });

  it('runs the cascading randomization sanity check on a copy of the model', async () => {
    await page.selectOption('section.sanity select', 'saliency');
    await page.click('text=Run sanity check');
    await waitForHook(page, 'h.sanity?.method === "saliency"');
    const { sanity } = await hook(page);
    // Top layer first, every weighted layer of the shipped CNN.
    expect(sanity!.layers).toEqual(['logits', 'dense1', 'conv2', 'conv1']);
    for (const r of sanity!.spearman) expect(r >= -1 && r <= 1).toBe(true);
    // Once every layer is random the map no longer resembles the trained model's (Adebayo et al. 2018).
    expect(sanity!.spearman.at(-1)!).toBeLessThan(0.5);
    expect(await page.locator('section.sanity loupe-heatmap').count()).toBe(5);
    // The models the other tabs use were not touched: the same input still gets the same prediction.
    const before = (await hook(page)).prediction!.probability;
    await page.click('#tab-attribute');
    await page.click('text=Explain');
    await waitForHook(page, 'h.attributions["integrated-gradients"]');
    expect((await hook(page)).prediction!.probability).toBeCloseTo(before, 6);
    expect(errors).toEqual([]);
  });
});
