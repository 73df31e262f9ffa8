import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { drawing } from '../../../packages/methods-gradient/test/real-models/drawings.js';
import { encodePixels } from '../src/state/pixel-codec.js';
import { hook, launch, openApp, waitForHook } from './support/browser.js';
import { INK_SLOPE } from './support/ink-segmenter.js';
import { seriousViolations, unreachableControls } from './support/page-checks.js';

const params = JSON.stringify({ 'integrated-gradients': { steps: 16 } });

/** Waits for saliency on the current input after the region key became `key` (a regex source). */
async function settled(page: Page, key: string): Promise<void> {
  await waitForHook(
    page,
    `new RegExp(${JSON.stringify(key)}).test(h.region?.key ?? '') && h.attributions.saliency?.inputVersion === h.inputVersion && h.attributions.saliency.region === h.region.key`,
  );
}

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

/** Opens the app on a model of the test's model host (`path` under it) with more of the query. */
function openModel(path: string, query: string): ReturnType<typeof openApp> {
  const url = `url:${inject('modelHost')}/${path}`;
  return openApp(browser, inject('appUrl'), `?model=${encodeURIComponent(url)}&${query}`);
}

describe('Attribute: region mode on segmentation models', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const labels = `${inject('modelHost')}/ink/labels.json`;
    ({ page, errors } = await openModel(
      'ink/model.json',
      `labels=${encodeURIComponent(labels)}&methods=saliency,integrated-gradients&params=${encodeURIComponent(params)}`,
    ));
    await settled(page, '^1:predicted:sum$');
  });
  it("explains where the model predicts its largest class ('auto' → ink): saliency sums to slope × positions, IG is complete", async () => {
    const h = await hook(page);
    expect(h.modelKind).toBe('dense');
    const region = h.region as NonNullable<typeof h.region>;
    expect(region.class).toBe(1);
    expect(region.positions).toBe(region.counts[1]);
    expect(region.counts[0] + region.counts[1]).toBe(28 * 28);
    expect(region.positions).toBeGreaterThan(20);
    // ∂/∂x of Σ_region SLOPE·(x − t) is SLOPE on each region pixel.
    expect(h.attributions.saliency.sum).toBeCloseTo(INK_SLOPE * region.positions, 2);
    const ig = h.attributions['integrated-gradients'];
    expect(Math.abs(ig.convergenceDelta ?? Number.NaN)).toBeLessThan(1e-3 * Math.abs(ig.sum));
    expect(await page.locator('.prediction.segmentation').textContent()).toMatch(/paper .*% · ink .*%/);
    expect(await page.locator('.region-legend li').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ink · /), expect.stringMatching(/^paper · /)]),
    );
    expect(await page.locator('.region-note').textContent()).toMatch(/class “ink” over \d+ positions/);
    expect(page.url()).toMatch(/region=auto%3Apredicted%3Asum/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await unreachableControls(page)).toEqual([]);
  });

  it('averages instead of summing, and explains a class by a box typed in or dragged on the picture', async () => {
    await page.selectOption('#region-reduce', 'mean');
    await settled(page, ':mean$');
    expect((await hook(page)).attributions.saliency.sum).toBeCloseTo(INK_SLOPE, 3);
    await page.selectOption('#region-reduce', 'sum');
    await page.selectOption('#region-area', 'box');
    // A new box is the output's middle half: rows and columns 7–20.
    await settled(page, '^1:box\\(7,7,21,21\\):sum$');
    expect((await hook(page)).attributions.saliency.sum).toBeCloseTo(INK_SLOPE * 14 * 14, 1);
    await page.fill('input[aria-label="Box top"]', '0');
    await page.locator('input[aria-label="Box top"]').dispatchEvent('change');
    await settled(page, '^1:box\\(0,7,21,21\\):sum$');
    expect((await hook(page)).region?.positions).toBe(21 * 14);
    const view = page.locator('canvas.region-view');
    const box = await view.boundingBox();
    if (!box) throw new Error('the region view is not shown');
    const cell = box.width / 28;
    await page.mouse.move(box.x + 2.5 * cell, box.y + 3.5 * cell);
    await page.mouse.down();
    await page.mouse.move(box.x + 6.5 * cell, box.y + 8.5 * cell, { steps: 4 });
    await page.mouse.up();
    // Rows 3–8 and columns 2–6 inclusive.
    await settled(page, '^1:box\\(3,2,9,7\\):sum$');
    expect((await hook(page)).attributions.saliency.sum).toBeCloseTo(INK_SLOPE * 6 * 5, 2);
    expect(await page.locator('input[aria-label="Box bottom"]').inputValue()).toBe('9');
  });

  it('a class whose score is constant gets zero attribution; a class predicted nowhere says what to pick', async () => {
    await page.selectOption('#region-area', 'predicted');
    await page.selectOption('#region-class', '0');
    await settled(page, '^0:predicted:sum$');
    const { attributions } = await hook(page);
    expect(attributions.saliency.maxAbs).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a class predicted nowhere (ink on a blank page) is an alert that says what to pick', async () => {
    const blank = encodePixels(new Float32Array(28 * 28));
    const other = await openModel(
      'ink/model.json',
      `methods=saliency&region=${encodeURIComponent('1:predicted:sum')}&input=px%3A28%3A${blank}`,
    );
    await waitForHook(other.page, "h.region && h.region.key === ''");
    await expect
      .poll(() => other.page.locator('.region-note').textContent())
      .toMatch(/predicts class 1 nowhere on this input: pick a class it predicts, or draw a box/);
    await expect
      .poll(() => other.page.locator('[role=alert]').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/nowhere/)]));
    expect(other.errors).toEqual([]);
    await other.page.close();
  });

  it('other tabs say they need a classifier; the shipped CNN brings the classifier view back', async () => {
    await page.click('#tab-evaluate');
    await expect.poll(() => page.locator('.tab-notice').textContent()).toMatch(/segmentation/);
    await page.click('#tab-attribute');
    const first = (await hook(page)).modelId;
    await page.locator('details.model-panel').evaluate((d: HTMLDetailsElement) => {
      d.open = true;
    });
    await page.click('button:has-text("Shipped MNIST CNN")');
    await waitForHook(
      page,
      `h.modelId > ${first} && h.modelKind === 'image' && h.attributions.saliency?.inputVersion === h.inputVersion`,
    );
    expect(await page.locator('.region-slot').isHidden()).toBe(true);
    expect(await page.locator('.prediction strong').textContent()).toMatch(/^\d$/);
    expect(errors).toEqual([]);
  });
});

/** A 256×256 head-and-shoulders portrait as PNG bytes (the drawing the real-model tests use for selfie). */
function portraitPng(): Buffer {
  const picture = drawing('portrait', [1, 256, 256, 3]);
  const values = picture.dataSync();
  picture.dispose();
  const png = new PNG({ width: 256, height: 256 });
  for (let p = 0; p < 256 * 256; p++) {
    for (let c = 0; c < 3; c++) png.data[4 * p + c] = Math.round(255 * values[3 * p + c]);
    png.data[4 * p + 3] = 255;
  }
  return PNG.sync.write(png);
}

describe('Attribute: region mode on a trained converter GraphModel (human-models selfie)', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openModel('selfie/selfie.json', 'methods=saliency,deeplift'));
    await waitForHook(page, 'h.modelKind === "dense" && h.region');
    const version = (await hook(page)).inputVersion;
    await page.setInputFiles('loupe-image-input input[type=file]', {
      name: 'portrait.png',
      mimeType: 'image/png',
      buffer: portraitPng(),
    });
    await waitForHook(page, `h.inputVersion > ${version}`);
    await settled(page, '^0:predicted:sum$');
  });

  it('reads its one-channel mask as a segmentation: the person is the predicted region, DeepLIFT on it sums to the delta', async () => {
    const h = await hook(page);
    const region = h.region as NonNullable<typeof h.region>;
    expect(region.counts).toHaveLength(1);
    // The portrait's head and shoulders cover about a fifth of the picture.
    expect(region.positions / (256 * 256)).toBeGreaterThan(0.08);
    expect(region.positions / (256 * 256)).toBeLessThan(0.6);
    expect(await page.locator('#region-class option').count()).toBe(2);
    const dl = h.attributions.deeplift;
    expect(Math.abs(dl.convergenceDelta ?? Number.NaN)).toBeLessThan(1e-3 * Math.abs(dl.sum) + 1e-3);
    expect(h.attributions.saliency.maxAbs).toBeGreaterThan(0);
  });

  it('explains the middle half of the picture as a box', async () => {
    await page.selectOption('#region-area', 'box');
    await settled(page, '^0:box\\(64,64,192,192\\):sum$');
    expect((await hook(page)).region?.positions).toBe(128 * 128);
    expect(errors).toEqual([]);
  });
});
