import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness } from './support/browser.js';
import './support/harness-global.js';

let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  ({ browser, page, pageErrors } = await openHarness());
});

afterAll(async () => {
  expect(pageErrors).toEqual([]);
  await browser?.close();
});

/** Mounts a 20×20 heatmap: +1 on square A (x 3–7, y 2–6), −1 on square B (x 11–15, y 12–16), 0 elsewhere, over gray 100. */
async function mountSquares(p: Page): Promise<void> {
  await p.evaluate(async () => {
    const values = new Float32Array(400);
    for (let y = 0; y < 20; y++) {
      for (let x = 0; x < 20; x++) {
        if (x >= 3 && x <= 7 && y >= 2 && y <= 6) values[y * 20 + x] = 1;
        if (x >= 11 && x <= 15 && y >= 12 && y <= 16) values[y * 20 + x] = -1;
      }
    }
    const image = {
      width: 20,
      height: 20,
      data: new Uint8ClampedArray(1600).map((_, i) => (i % 4 === 3 ? 255 : 100)),
    };
    const stage = document.getElementById('stage') as HTMLElement;
    stage.replaceChildren();
    const heatmap = document.createElement('loupe-heatmap');
    heatmap.id = 'squares';
    const rendered = loupe.nextEvent(heatmap, 'loupe-render');
    heatmap.image = image;
    heatmap.attribution = { values, shape: [20, 20, 1] };
    stage.append(heatmap);
    await rendered;
  });
}

describe('<loupe-heatmap>', () => {
  it('puts the hot colour exactly on the hot square in every mode and sign', async () => {
    await mountSquares(page);
    const mismatches = await page.evaluate(async () => {
      const heatmap = document.getElementById('squares') as InstanceType<typeof loupe.ui.LoupeHeatmap>;
      const found: string[] = [];
      for (const sign of ['positive', 'negative', 'absolute', 'all'] as const) {
        for (const mode of ['heat-map', 'blended', 'masked', 'alpha'] as const) {
          const rendered = loupe.nextEvent(heatmap, 'loupe-render');
          heatmap.sign = sign;
          heatmap.mode = mode;
          await rendered;
          const canvas = heatmap.shadowRoot?.querySelector('canvas.main') as HTMLCanvasElement;
          const pixels = canvas.getContext('2d')?.getImageData(0, 0, 20, 20).data as Uint8ClampedArray;
          const table = loupe.ui.colorTable(sign === 'all' ? 'rdbu' : 'inferno');
          for (let y = 0; y < 20; y++) {
            for (let x = 0; x < 20; x++) {
              const raw =
                x >= 3 && x <= 7 && y >= 2 && y <= 6 ? 1 : x >= 11 && x <= 15 && y >= 12 && y <= 16 ? -1 : 0;
              // The value shown after the sign filter, and where it falls on the colour table.
              const shown =
                sign === 'positive'
                  ? Math.max(raw, 0)
                  : sign === 'negative'
                    ? Math.max(-raw, 0)
                    : sign === 'absolute'
                      ? Math.abs(raw)
                      : raw;
              const k = sign === 'all' ? Math.round(((shown + 1) / 2) * 255) : Math.round(shown * 255);
              const w = Math.abs(shown);
              const p = 4 * (y * 20 + x);
              for (let c = 0; c < 3; c++) {
                const hue = table[3 * k + c];
                const expected =
                  mode === 'heat-map'
                    ? hue
                    : mode === 'blended'
                      ? Math.round(100 * (1 - 0.6 * w) + hue * 0.6 * w)
                      : mode === 'masked'
                        ? Math.round(100 * w)
                        : 100;
                if (mode === 'alpha' && w === 0) continue; // fully transparent: the browser drops RGB
                if (pixels[p + c] !== expected)
                  found.push(`${sign}/${mode} (${x},${y}) c${c}: ${pixels[p + c]} ≠ ${expected}`);
              }
              const alpha = mode === 'alpha' ? Math.round(255 * w) : 255;
              if (pixels[p + 3] !== alpha)
                found.push(`${sign}/${mode} (${x},${y}) alpha ${pixels[p + 3]} ≠ ${alpha}`);
            }
          }
        }
      }
      return found;
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it("draws exactly what core's renderAttribution returns (scripts and the CLI), in every view", async () => {
    const report = await page.evaluate(async () => {
      // A 6×5×3 map of varied signed values, upsampled onto a 12×10 image of varied colours.
      const values = Float32Array.from({ length: 90 }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 7)));
      const image = new ImageData(
        Uint8ClampedArray.from({ length: 480 }, (_, i) => (i % 4 === 3 ? 255 : (i * 53) % 256)),
        12,
        10,
      );
      const attribution = { values, shape: [6, 5, 3] };
      const heatmap = document.createElement('loupe-heatmap');
      document.getElementById('stage')?.replaceChildren(heatmap);
      const rows: { view: string; width: number; differing: number; maxDiff: number }[] = [];
      for (const sign of ['all', 'positive'] as const) {
        for (const mode of loupe.core.HEATMAP_MODES) {
          const options = { mode, sign, percentile: 95, dim: 0.3, opacity: 0.7 } as const;
          const rendered = loupe.nextEvent(heatmap, 'loupe-render');
          Object.assign(heatmap, options, { image, attribution });
          await rendered;
          const expected = await loupe.core.renderAttribution(attribution, { ...options, image });
          const canvas = heatmap.shadowRoot?.querySelector('canvas.main') as HTMLCanvasElement;
          const got = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
          let differing = 0;
          let maxDiff = 0;
          for (let i = 0; i < expected.data.length; i++) {
            // Canvases store colour premultiplied by alpha, so a translucent pixel's colour is compared
            // as it is stored (colour × alpha / 255), where one byte of rounding is all that can differ.
            const alpha = expected.data[i - (i % 4) + 3] / 255;
            const weight = i % 4 === 3 ? 1 : alpha;
            const d = Math.abs(((got?.[i] ?? -1) - expected.data[i]) * weight);
            if (d > 0) differing++;
            maxDiff = Math.max(maxDiff, d);
          }
          rows.push({ view: `${sign}/${mode}`, width: canvas.width, differing, maxDiff });
        }
      }
      heatmap.remove();
      return rows;
    });
    for (const row of report) {
      // Opaque views are byte for byte; `alpha` to within the premultiplied byte the canvas stores.
      const tolerance = row.view.endsWith('/alpha') ? 1 : 0;
      expect(row.maxDiff, row.view).toBeLessThanOrEqual(tolerance);
      expect(row.width).toBe(row.view.endsWith('side-by-side') ? 24 + 1 : 12);
    }
  });

  it('the hot colour differs from the cold one, so the pixel test above can fail', async () => {
    const [hot, cold] = await page.evaluate(() => {
      const t = loupe.ui.colorTable('inferno');
      return [[...t.slice(765, 768)], [...t.slice(0, 3)]];
    });
    expect(hot).not.toEqual(cold);
  });

  it('upsamples a layer-resolution map smoothly, peaking inside the hot cell', async () => {
    const result = await page.evaluate(async () => {
      const heatmap = document.createElement('loupe-heatmap');
      const values = new Float32Array(16);
      values[1 * 4 + 1] = 1; // cell (1, 1) of a 4×4 map covers pixels 5–9 of a 20×20 image
      const rendered = loupe.nextEvent<{ width: number }>(heatmap, 'loupe-render');
      heatmap.image = { width: 20, height: 20, data: new Uint8ClampedArray(1600).fill(255) };
      heatmap.attribution = { values, shape: [4, 4] };
      heatmap.sign = 'positive';
      heatmap.mode = 'heat-map';
      document.getElementById('stage')?.append(heatmap);
      const detail = await rendered;
      const hovered: number[] = [];
      heatmap.addEventListener('loupe-hover', (e) =>
        hovered.push((e as CustomEvent<{ value: number }>).detail.value),
      );
      const canvas = heatmap.shadowRoot?.querySelector('canvas.main') as HTMLCanvasElement;
      canvas.focus();
      const press = (key: string) =>
        canvas.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      press('ArrowUp'); // the first key shows the centre, (10, 10)
      for (let i = 0; i < 3; i++) press('ArrowUp');
      for (let i = 0; i < 3; i++) press('ArrowLeft');
      heatmap.remove();
      return { width: detail.width, hovered };
    });
    expect(result.width).toBe(20);
    // The cursor walks up from (10, 10) to (10, 7), then left to the cell's centre (7, 7): values rise
    // strictly along the way (no blocky plateaus) and reach exactly the cell's value there.
    expect(result.hovered).toHaveLength(7);
    for (let i = 1; i < result.hovered.length; i++)
      expect(result.hovered[i]).toBeGreaterThan(result.hovered[i - 1]);
    expect(result.hovered[6]).toBeCloseTo(1, 6);
  });

  it('shows the value under the pointer and under the keyboard cursor, and exports a PNG', async () => {
    await mountSquares(page);
    const canvas = page.locator('#squares canvas.main');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('heatmap canvas not laid out');
    type Waiting = { hover?: Promise<{ x: number; y: number; value: number }> };
    // The listener is in place before the pointer moves (a pending evaluate could lose the race).
    await page.evaluate(() => {
      (window as unknown as Waiting).hover = loupe.nextEvent(
        document.getElementById('squares') as Element,
        'loupe-hover',
      );
    });
    await page.mouse.move(box.x + (5.5 / 20) * box.width, box.y + (4.5 / 20) * box.height);
    expect(await page.evaluate(() => (window as unknown as Waiting).hover)).toEqual({ x: 5, y: 4, value: 1 });
    await expect.poll(() => page.locator('#squares output.readout').textContent()).toBe('(5, 4): 1');
    await canvas.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await page.locator('#squares output.readout').textContent()).toBe('(10, 19): 0');
    const exported = await page.evaluate(async () => {
      const heatmap = document.getElementById('squares') as InstanceType<typeof loupe.ui.LoupeHeatmap>;
      heatmap.addEventListener('loupe-export', (e) => e.preventDefault(), { once: true });
      const blob = await heatmap.exportPng();
      const bitmap = await createImageBitmap(blob);
      const label = heatmap.shadowRoot?.querySelector('canvas.main')?.getAttribute('aria-label');
      return { type: blob.type, width: bitmap.width, label };
    });
    expect(exported.type).toBe('image/png');
    expect(exported.width).toBe(20);
    expect(exported.label).toMatch(/Strongest attribution/);
  });
});
