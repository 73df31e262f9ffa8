import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadMnistSamples } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TABS, type TabId } from '../src/state/app-state.js';
import { hook, launch, waitForHook } from './support/browser.js';
import {
  deltaE,
  horizontalOverflow,
  median,
  seriousViolations,
  unreachableControls,
} from './support/page-checks.js';

/** Screenshots of every tab at both viewports land here (ignored by git; CI can keep them). */
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/first-look/', import.meta.url));

/** When each tab has drawn what it computes on its own (the predicate runs in the page on `window.__loupe`). */
const READY: Record<TabId, string> = {
  attribute: 'h.attributions["integrated-gradients"]?.inputVersion === h.inputVersion',
  evaluate: 'h.curves["Integrated gradients:deletion"] && h.curves["Saliency (gradient):insertion"]',
  visualize: 'document.querySelectorAll("loupe-feature-viz").length === 3',
  prototypes: 'h.prototypes && h.nearest',
  backend:
    'document.querySelector("loupe-backend-picker")?.shadowRoot?.querySelectorAll("input").length >= 3',
};

/** A heatmap card's canvas, attribution and size, read in the page. */
function readCard(page: Page, method: string) {
  return page.evaluate((m) => {
    const grid = document.querySelector('loupe-method-grid');
    const heatmap = grid?.shadowRoot?.querySelector(`.cell[data-method="${m}"] loupe-heatmap`) as
      | (HTMLElement & { attribution: { values: ArrayLike<number> } })
      | null;
    const canvas = heatmap?.shadowRoot?.querySelector('canvas.main') as HTMLCanvasElement | null;
    if (!heatmap || !canvas) throw new Error(`no heatmap card for ${m}`);
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    return { width: canvas.width, pixels: [...pixels], values: Array.from(heatmap.attribution.values) };
  }, method);
}

/**
 * How visible the strongest attributions are: the median CIE76 colour difference, over the pixels in the
 * top decile of |attribution|, between the card's canvas and the image alone at that pixel (`under`).
 */
function attributionContrast(
  card: Awaited<ReturnType<typeof readCard>>,
  under: (p: number) => number[],
): number {
  const magnitudes = card.values.map(Math.abs);
  const threshold = [...magnitudes].sort((a, b) => a - b)[Math.floor(0.9 * magnitudes.length)];
  const differences: number[] = [];
  for (const [p, m] of magnitudes.entries()) {
    if (m < threshold || m === 0) continue;
    differences.push(deltaE(card.pixels.slice(4 * p, 4 * p + 3), under(p)));
  }
  return median(differences);
}

describe('First look: every tab at 1280×800 (light) and 390×844 (dark)', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let digit: number[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await tf.setBackend('cpu');
    const samples = await loadMnistSamples({ count: 1 });
    digit = Array.from(await samples.images.data(), (v) => Math.round(v * 255));
    samples.images.dispose();
    browser = await launch();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'light',
    });
    page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    // A first visit: no query at all, so every default (backend 'auto', methods, view, scale) is tested.
    await page.goto(inject('appUrl'));
    await waitForHook(page, READY.attribute);
  });
  afterAll(async () => browser?.close());

  it('is cross-origin isolated (threaded wasm) and starts on the best backend, not cpu', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
    const state = await hook(page);
    expect(['wasm', 'webgpu']).toContain(state.backend);
    expect(state.attributions['integrated-gradients'].backend).toBe(state.backend);
    expect(page.url()).toContain('backend=auto');
  });

  it('draws the explained digit on the input pad and in the preview', async () => {
    const { pad, preview } = await page.evaluate(() => {
      const input = document.querySelector('loupe-image-input');
      const read = (selector: string) => {
        const canvas = input?.shadowRoot?.querySelector(selector) as HTMLCanvasElement;
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        return { width: canvas.width, gray: [...data].filter((_, i) => i % 4 === 0) };
      };
      return { pad: read('canvas.pad'), preview: read('canvas.preview') };
    });
    // The preview is the model's input as it is: the digit's bytes exactly.
    expect(preview.width).toBe(28);
    expect(preview.gray).toEqual(digit);
    // The 280-px pad shows it scaled up: each 10×10 block averages to the digit's pixel.
    expect(pad.width).toBe(280);
    const errors: number[] = [];
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        let sum = 0;
        for (let dy = 0; dy < 10; dy++)
          for (let dx = 0; dx < 10; dx++) sum += pad.gray[(10 * y + dy) * 280 + 10 * x + dx];
        errors.push(Math.abs(sum / 100 - digit[28 * y + x]));
      }
    }
    // Smooth upscaling blurs each edge a little; on average the blocks are the digit's bytes.
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(6);
    expect(Math.max(...errors)).toBeLessThan(80);
  });

  it('shows attributions clearly over the dimmed digit (colour difference measured on the canvas)', async () => {
    const dimmed = await readCard(page, 'integrated-gradients');
    expect(dimmed.width).toBe(28);
    // The dimmed view: the digit in gray at a third of its brightness under the colours.
    const dimmedContrast = attributionContrast(dimmed, (p) => Array(3).fill(digit[p] / 3));
    await page.locator('loupe-method-grid select').selectOption('blended');
    await expect
      .poll(async () => (await readCard(page, 'integrated-gradients')).pixels)
      .not.toEqual(dimmed.pixels);
    const blendedContrast = attributionContrast(await readCard(page, 'integrated-gradients'), (p) =>
      Array(3).fill(digit[p]),
    );
    await page.locator('loupe-method-grid select').selectOption('dimmed-blend');
    console.info(
      `IG top-decile contrast ΔE: dimmed-blend ${dimmedContrast.toFixed(1)}, blended ${blendedContrast.toFixed(1)}`,
    );
    // ΔE ≥ 30 is an obvious difference; the old default (colours over the bright digit) shows them less.
    expect(dimmedContrast).toBeGreaterThan(30);
    expect(dimmedContrast).toBeGreaterThan(blendedContrast);
  });

  for (const [width, height, scheme] of [
    [1280, 800, 'light'],
    [390, 844, 'dark'],
  ] as const) {
    it(`every tab at ${width}×${height} (${scheme}): keyboard-reachable, no sideways overflow, no serious axe violations`, async () => {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      // The theme follows prefers-color-scheme, in the page and inside the Loupe elements' shadow roots.
      const looks = await page.evaluate(() => {
        const grid = document.querySelector('loupe-method-grid') as HTMLElement;
        return [getComputedStyle(document.body).backgroundColor, getComputedStyle(grid).color];
      });
      const lightness = (css: string) => {
        const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      };
      expect(lightness(looks[0]) < 0.5, `${scheme} background ${looks[0]}`).toBe(scheme === 'dark');
      expect(lightness(looks[1]) > 0.5, `${scheme} text in <loupe-method-grid> ${looks[1]}`).toBe(
        scheme === 'dark',
      );
      // Tabs are chosen with the keyboard, as the WAI-ARIA tabs pattern has it: Home, then →.
      await page.focus('nav [role="tab"][aria-selected="true"]');
      await page.keyboard.press('Home');
      for (const [i, tab] of TABS.entries()) {
        if (i > 0) await page.keyboard.press('ArrowRight');
        await expect.poll(() => page.getAttribute(`#tab-${tab}`, 'aria-selected')).toBe('true');
        await waitForHook(page, READY[tab], 120_000);
        await page.locator(`#panel-${tab}`).waitFor({ state: 'visible' });
        await page.screenshot({ path: `${ARTIFACTS}${width}x${height}-${tab}.png`, fullPage: true });
        const overflow = await horizontalOverflow(page);
        expect(overflow.outside, `${tab}: controls outside the viewport`).toEqual([]);
        expect(overflow.scrollWidth, `${tab}: page wider than the viewport`).toBeLessThanOrEqual(width);
        expect(await seriousViolations(page), `${tab}: axe`).toEqual([]);
        if (width > 1000) {
          // Every visible control of the tab, and of the page around it, is reached with Tab.
          expect(await unreachableControls(page), `${tab}: not reachable by Tab`).toEqual([]);
          await page.focus('nav [role="tab"][aria-selected="true"]');
        }
      }
      expect(errors).toEqual([]);
    });
  }
});
