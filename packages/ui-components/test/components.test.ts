import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useHarnessPage } from './support/harness-suite.js';

const page = useHarnessPage();

/** Collects the details of events of the given types fired on the stage (they bubble and compose). */
async function record(p: Page, types: string[]): Promise<void> {
  await p.evaluate((types) => {
    const log: { type: string; detail: unknown }[] = [];
    (globalThis as unknown as { events: typeof log }).events = log;
    for (const type of types) {
      document
        .getElementById('stage')
        ?.addEventListener(type, (e) => log.push({ type, detail: (e as CustomEvent).detail }));
    }
  }, types);
}

function events(p: Page): Promise<{ type: string; detail: Record<string, unknown> }[]> {
  return p.evaluate(() =>
    JSON.parse(JSON.stringify((globalThis as unknown as { events: unknown[] }).events)),
  );
}

describe('<loupe-method-grid>', () => {
  it('shares one colour scale across cells or scales each, switchable by keyboard', async () => {
    await record(page, ['loupe-scale-change', 'loupe-select']);
    await page.evaluate(async () => {
      const grid = document.createElement('loupe-method-grid');
      grid.id = 'grid';
      const square = (value: number) => ({
        values: new Float32Array(16).fill(0).map((_, i) => (i === 5 ? value : 0)),
        shape: [4, 4],
      });
      grid.cells = [
        { method: 'saliency', attribution: square(2), millis: 12, backend: 'cpu' },
        { method: 'integrated-gradients', label: 'IG', attribution: square(1), millis: 40, backend: 'cpu' },
      ];
      grid.sign = 'positive';
      grid.percentile = 100;
      grid.scale = 'shared';
      document.getElementById('stage')?.append(grid);
      await grid.updateComplete;
    });
    const clips = () =>
      page.evaluate(async () => {
        const maps = [
          ...(document.getElementById('grid')?.shadowRoot?.querySelectorAll('loupe-heatmap') ?? []),
        ];
        await new Promise((r) => setTimeout(r, 100));
        return maps.map((m) => (m as unknown as { clip: number }).clip);
      });
    await expect.poll(clips).toEqual([2, 2]);
    expect(await page.locator('#grid .cell').first().textContent()).toMatch(/12 ms · cpu/);
    await page.locator('#grid input[value="shared"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(clips).toEqual([2, 1]);
    await page.locator('#grid .cell button').nth(1).focus();
    await page.keyboard.press('Enter');
    expect(await events(page)).toEqual([
      { type: 'loupe-scale-change', detail: { scale: 'per-cell' } },
      { type: 'loupe-select', detail: { method: 'integrated-gradients' } },
    ]);
  });
});

describe('<loupe-params>', () => {
  it('draws controls from a plugin schema, fills layer pickers, validates, and reports edits', async () => {
    await record(page, ['loupe-params-change']);
    await page.evaluate(async () => {
      const form = document.createElement('loupe-params');
      form.id = 'params';
      form.schema = loupe.core.getExplainer('integrated-gradients').params;
      document.getElementById('stage')?.append(form);
      await form.updateComplete;
      const cam = document.createElement('loupe-params');
      cam.id = 'cam';
      cam.schema = { layer: { type: 'layer', default: '', help: 'Layer to explain', filter: 'spatial' } };
      cam.layers = [
        { name: 'conv1', className: 'Conv2D', outputShape: [null, 28, 28, 8], spatial: true },
        { name: 'dense1', className: 'Dense', outputShape: [null, 64], spatial: false },
      ] as never;
      document.getElementById('stage')?.append(cam);
      await cam.updateComplete;
    });
    const steps = page.locator('#params [data-name="steps"] input');
    expect(await steps.inputValue()).toBe(
      String(
        await page.evaluate(
          () => (loupe.core.getExplainer('integrated-gradients').params.steps as { default: number }).default,
        ),
      ),
    );
    await steps.focus();
    await steps.fill('16');
    await page.keyboard.press('Tab');
    await steps.focus();
    await steps.fill('-3');
    await page.keyboard.press('Tab');
    expect(await page.locator('#params [data-name="steps"] [role="alert"]').textContent()).toMatch(/steps/);
    const log = await events(page);
    expect(log[0].detail).toMatchObject({ name: 'steps', valid: true, values: { steps: 16 } });
    expect(log[1].detail).toMatchObject({ name: 'steps', valid: false, values: { steps: 16 } });
    expect(await page.locator('#cam option').allTextContents()).toEqual(['automatic', 'conv1 (Conv2D)']);
    await page.locator('#cam select').selectOption('conv1');
    expect((await events(page))[2].detail).toMatchObject({
      name: 'layer',
      valid: true,
      values: { layer: 'conv1' },
    });
  });
});

describe('<loupe-curve>', () => {
  it('draws each series with its AUC, toggles series by keyboard, and offers a data table', async () => {
    await record(page, ['loupe-curve-toggle']);
    await page.evaluate(async () => {
      const curve = document.createElement('loupe-curve');
      curve.id = 'curve';
      curve.curves = [
        { label: 'saliency', kind: 'deletion', fractions: [0, 0.5, 1], scores: [1, 0.5, 0] },
        { label: 'random', kind: 'insertion', fractions: [0, 0.5, 1], scores: [0, 1, 1] },
      ];
      document.getElementById('stage')?.append(curve);
      await curve.updateComplete;
    });
    expect(await page.locator('#curve svg').getAttribute('aria-label')).toBe(
      'Perturbation curves: saliency (deletion) AUC 0.5; random (insertion) AUC 0.75',
    );
    expect(await page.locator('#curve polyline').count()).toBe(2);
    expect(await page.locator('#curve polyline').first().getAttribute('points')).toBe(
      '40.00,10.00 175.00,85.00 310.00,160.00',
    );
    await page.locator('#curve .legend button').first().focus();
    await page.keyboard.press('Space');
    expect(await page.locator('#curve polyline').count()).toBe(1);
    expect(await events(page)).toEqual([
      { type: 'loupe-curve-toggle', detail: { label: 'saliency', visible: false } },
    ]);
    await page.locator('#curve button[aria-expanded]').focus();
    await page.keyboard.press('Enter');
    const rows = await page.locator('#curve table tr').allTextContents();
    expect(rows.at(-1)?.replace(/\s+/g, ' ').trim()).toBe('AUC0.50.75'.replace('AUC0.50.75', 'AUC0.50.75'));
    expect(rows.length).toBe(5);
  });
});

describe('<loupe-prototype-gallery>', () => {
  it('lists prototypes and criticisms per class with witness values; activating a card inspects it', async () => {
    await record(page, ['loupe-select']);
    await page.evaluate(async () => {
      const gallery = document.createElement('loupe-prototype-gallery');
      gallery.id = 'gallery';
      const image = (v: number) => ({
        width: 2,
        height: 2,
        data: new Uint8ClampedArray(16).map((_, i) => (i % 4 === 3 ? 255 : v)),
      });
      gallery.images = [image(10), image(20), image(30), image(40)];
      gallery.set = {
        prototypes: [0, 2],
        criticisms: [3],
        perClass: [
          { label: 0, rows: [0, 1], prototypes: [0], criticisms: [], witness: [0.1, 0.2] },
          { label: 1, rows: [2, 3], prototypes: [2], criticisms: [3], witness: [0.05, -0.4], weights: [0.7] },
        ],
      };
      document.getElementById('stage')?.append(gallery);
      await gallery.updateComplete;
    });
    const cards = await page.locator('#gallery .card').allTextContents();
    expect(cards.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
      'class 0 · witness 0.1',
      'class 1 · witness 0.05 · weight 0.7',
      'class 1 · witness -0.4',
    ]);
    await page.locator('#gallery .card.criticism').focus();
    await page.keyboard.press('Enter');
    expect(await events(page)).toEqual([
      { type: 'loupe-select', detail: { row: 3, role: 'criticism', label: 1, witness: -0.4 } },
    ]);
    expect(await page.locator('#gallery .inspector').textContent()).toMatch(/criticism · row 3/);
    const painted = await page.evaluate(() => {
      const canvas = document
        .getElementById('gallery')
        ?.shadowRoot?.querySelector('.inspector canvas') as HTMLCanvasElement;
      return loupe.pixel(canvas, 0, 0);
    });
    expect(painted).toEqual([40, 40, 40, 255]);
    await page.locator('#gallery select').selectOption('0');
    expect(await page.locator('#gallery .card').count()).toBe(1);
  });
});

describe('<loupe-embedding-plot>', () => {
  it('draws thousands of points in class colours, hovers, selects, pans and zooms', async () => {
    await record(page, ['loupe-hover', 'loupe-select']);
    const setup = await page.evaluate(async () => {
      const plot = document.createElement('loupe-embedding-plot');
      plot.id = 'plot';
      const n = 3000;
      plot.points = Array.from({ length: n }, (_, i) => [Math.cos(i) * (i % 97), Math.sin(i) * (i % 89)]);
      plot.labels = Array.from({ length: n }, (_, i) => i % 10);
      plot.prototypes = [5];
      plot.criticisms = [6];
      plot.images = () => ({ width: 1, height: 1, data: new Uint8ClampedArray([255, 0, 0, 255]) });
      const started = performance.now();
      document.getElementById('stage')?.append(plot);
      await plot.updateComplete;
      plot.draw();
      const millis = performance.now() - started;
      const at = plot.toScreen(1234);
      const canvas = plot.shadowRoot?.querySelector('canvas') as HTMLCanvasElement;
      const ratio = canvas.width / canvas.clientWidth;
      return {
        millis,
        at,
        colour: loupe.pixel(canvas, Math.round(at.x * ratio), Math.round(at.y * ratio)),
        five: plot.toScreen(5),
      };
    });
    // Point 1234 has class 4: Tableau10's fifth colour, #e15759 — unless a later point covers it.
    expect(setup.colour.slice(0, 3)).not.toEqual([0, 0, 0]);
    expect(setup.millis).toBeLessThan(2000);
    const box = await page.locator('#plot canvas[part=canvas]').boundingBox();
    if (!box) throw new Error('plot not laid out');
    await page.mouse.move(box.x + setup.five.x, box.y + setup.five.y);
    await page.mouse.down();
    await page.mouse.up();
    const log = await events(page);
    const hovered = log.find((e) => e.type === 'loupe-hover')?.detail;
    const selected = log.find((e) => e.type === 'loupe-select')?.detail;
    expect(selected).toEqual(hovered);
    expect(await page.locator('#plot .tip').count()).toBe(1);
    await page.locator('#plot canvas[part=canvas]').focus();
    const before = await page.evaluate(() => ({
      ...(document.getElementById('plot') as InstanceType<typeof loupe.ui.LoupeEmbeddingPlot>).view,
    }));
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowLeft');
    const after = await page.evaluate(() => ({
      ...(document.getElementById('plot') as InstanceType<typeof loupe.ui.LoupeEmbeddingPlot>).view,
    }));
    expect(after.scale).toBeCloseTo(before.scale * 1.25, 6);
    await page.keyboard.press('n');
    await page.keyboard.press('n');
    await page.keyboard.press('Enter');
    const last = (await events(page)).at(-1);
    expect(last).toEqual({ type: 'loupe-select', detail: { index: 6, label: 6, role: 'criticism' } });
  });
});

describe('<loupe-feature-viz>', () => {
  it('shows frames and progress from a run function, and Stop aborts it', async () => {
    await record(page, ['loupe-start', 'loupe-frame', 'loupe-done', 'loupe-stop']);
    await page.evaluate(async () => {
      const viz = document.createElement('loupe-feature-viz');
      viz.id = 'viz';
      viz.run = async ({ regime, signal, onFrame }) => {
        const total = regime === 'generator' ? 1000 : 3;
        for (let step = 1; step <= total; step++) {
          if (signal.aborted) throw new DOMException('stopped', 'AbortError');
          const v = Math.round((255 * step) / total);
          await onFrame({
            image: { width: 2, height: 2, data: new Uint8ClampedArray(16).fill(v) },
            step,
            total,
            score: step,
          });
          await new Promise((r) => setTimeout(r, 5));
        }
        return { steps: total };
      };
      document.getElementById('stage')?.append(viz);
      await viz.updateComplete;
    });
    await page.locator('#viz button.primary').focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await events(page)).some((e) => e.type === 'loupe-done')).toBe(true);
    const frames = (await events(page)).filter((e) => e.type === 'loupe-frame').map((e) => e.detail.step);
    expect(frames).toEqual([1, 2, 3]);
    expect(await page.locator('#viz progress').evaluate((p) => (p as HTMLProgressElement).value)).toBe(3);
    const pixel = await page.evaluate(() =>
      loupe.pixel(
        document.getElementById('viz')?.shadowRoot?.querySelector('canvas') as HTMLCanvasElement,
        0,
        0,
      ),
    );
    expect(pixel).toEqual([255, 255, 255, 255]);
    await page.locator('#viz select').selectOption('generator');
    await page.locator('#viz button.primary').click();
    await expect
      .poll(async () => (await events(page)).filter((e) => e.type === 'loupe-frame').length)
      .toBeGreaterThan(5);
    await page.locator('#viz button:not(.primary)').click();
    const stoppedAt = (await events(page)).find((e) => e.type === 'loupe-stop')?.detail.step as number;
    await new Promise((r) => setTimeout(r, 200));
    const log = await events(page);
    expect(stoppedAt).toBeLessThan(1000);
    expect(log.filter((e) => e.type === 'loupe-done')).toHaveLength(1);
    expect(
      Math.max(...log.filter((e) => e.type === 'loupe-frame').map((e) => e.detail.step as number)),
    ).toBeLessThanOrEqual(stoppedAt + 1);
  });
});

describe('<loupe-backend-picker>', () => {
  it('lists backends with the reason one is unavailable, and switches by keyboard', async () => {
    await record(page, ['loupe-backend-change']);
    await page.evaluate(async () => {
      if (!loupe.core.getBackendPlugin('nope')) {
        loupe.core.registerBackend({
          name: 'nope',
          priority: 50,
          label: 'Nope',
          isAvailable: async () => ({ available: false, reason: 'needs a quantum computer' }),
          setup: async () => {},
        });
      }
      const picker = document.createElement('loupe-backend-picker');
      picker.id = 'picker';
      picker.lastRunMillis = 42.4;
      document.getElementById('stage')?.append(picker);
      await picker.refresh();
      await picker.updateComplete;
    });
    const text = `${await page.locator('#picker fieldset').textContent()} ${await page.locator('#picker p').textContent()}`;
    expect(text).toMatch(/needs a quantum computer/);
    expect(text).toMatch(/Last run: 42 ms/);
    expect(await page.locator('#picker input[value="nope"]').isDisabled()).toBe(true);
    await page.locator('#picker input[value="cpu"]').focus();
    await page.keyboard.press('Space');
    await expect.poll(async () => (await events(page)).length).toBe(1);
    expect((await events(page))[0].detail).toEqual({ name: 'cpu' });
    expect(await page.evaluate(() => loupe.tf.getBackend())).toBe('cpu');
  });
});

describe('<loupe-image-input>', () => {
  it('turns a drawing into a centred 28×28 MNIST input, and decodes uploads, drops and pastes', async () => {
    await record(page, ['loupe-input', 'loupe-error']);
    await page.evaluate(async () => {
      const input = document.createElement('loupe-image-input');
      input.id = 'input';
      document.getElementById('stage')?.append(input);
      await input.updateComplete;
    });
    const pad = page.locator('#input canvas.pad');
    const box = await pad.boundingBox();
    if (!box) throw new Error('pad not laid out');
    // A vertical stroke in the pad's left third: MNIST centring must move its mass to the middle.
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++)
      await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * (0.2 + 0.05 * k));
    await page.mouse.up();
    await expect.poll(async () => (await events(page)).length).toBe(1);
    const drawn = await page.evaluate(async () => {
      const input = document.getElementById('input') as InstanceType<typeof loupe.ui.LoupeImageInput>;
      const t = input.value as NonNullable<typeof input.value>;
      const values = await t.data();
      let mass = 0;
      let cx = 0;
      for (let y = 0; y < 28; y++)
        for (let x = 0; x < 28; x++) {
          mass += values[y * 28 + x];
          cx += x * values[y * 28 + x];
        }
      return { shape: t.shape, centreX: cx / mass, max: Math.max(...values) };
    });
    expect((await events(page))[0]).toMatchObject({ type: 'loupe-input', detail: { source: 'drawing' } });
    expect(drawn.shape).toEqual([28, 28, 1]);
    expect(drawn.max).toBeCloseTo(1, 5);
    expect(Math.abs(drawn.centreX - 13.5)).toBeLessThan(1);
    const sources = await page.evaluate(async () => {
      const input = document.getElementById('input') as InstanceType<typeof loupe.ui.LoupeImageInput>;
      const canvas = new OffscreenCanvas(40, 40);
      const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 40, 40);
      g.fillStyle = '#000';
      g.fillRect(25, 5, 6, 30);
      const file = new File([await canvas.convertToBlob({ type: 'image/png' })], 'digit.png', {
        type: 'image/png',
      });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      const drop = input.shadowRoot?.querySelector('.drop') as HTMLElement;
      const got = loupe.nextEvent(input, 'loupe-input');
      drop.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      await got;
      const pasted = loupe.nextEvent(input, 'loupe-input');
      input.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
      );
      await pasted;
      return input.value?.shape;
    });
    expect(sources).toEqual([28, 28, 1]);
    await page
      .locator('#input input[type=file]')
      .setInputFiles({ name: 'bad.png', mimeType: 'image/png', buffer: Buffer.from('not a png') });
    await expect
      .poll(async () => (await events(page)).filter((e) => e.type === 'loupe-error').length)
      .toBe(1);
    const log = await events(page);
    expect(log.filter((e) => e.type === 'loupe-input').map((e) => e.detail.source)).toEqual([
      'drawing',
      'drop',
      'paste',
    ]);
    expect(await page.locator('#input [role=alert]').textContent()).toMatch(
      /not an image this browser can decode/,
    );
  });
});
