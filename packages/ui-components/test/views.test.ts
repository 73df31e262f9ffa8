import { describe, expect, inject, it } from 'vitest';
import { useHarnessPage } from './support/harness-suite.js';

const page = useHarnessPage();

describe('image sources in the browser', () => {
  it("core's toImageData reads an <img>, an ImageBitmap, a canvas and ImageData to the same bytes", async () => {
    const digit = inject('digits')[0].file;
    const sums = await page.evaluate(async (file) => {
      const img = new Image();
      img.src = `/fixtures/${file}`;
      await img.decode();
      const bitmap = await createImageBitmap(img);
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      canvas.getContext('2d')?.drawImage(img, 0, 0);
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height) as ImageData;
      const sources = { img, bitmap, canvas, data };
      const out: Record<string, number[]> = {};
      for (const [name, source] of Object.entries(sources)) {
        const read = await loupe.core.toImageData(source);
        out[name] = [read.width, read.height, Array.from(read.data).reduce((s, v) => s + v, 0)];
      }
      return out;
    }, digit);
    expect(sums.img[0]).toBe(28);
    for (const name of ['bitmap', 'canvas', 'data']) expect(sums[name]).toEqual(sums.img);
  });
});

describe('<loupe-image-input> with a given picture', () => {
  it('draws it on the pad and in the preview, and the keyboard pen edits it into a new input', async () => {
    const result = await page.evaluate(async () => {
      const input = document.createElement('loupe-image-input');
      document.getElementById('stage')?.append(input);
      await input.updateComplete;
      // A 28×28 picture: a bright vertical bar at x = 10–13.
      const values = new Float32Array(784).map((_, i) => (i % 28 >= 10 && i % 28 <= 13 ? 1 : 0));
      const picture = loupe.tf.tensor3d(values, [28, 28, 1]);
      input.image = picture;
      await input.updateComplete;
      await new Promise((r) => setTimeout(r, 50));
      const read = (selector: string) => {
        const canvas = input.shadowRoot?.querySelector(selector) as HTMLCanvasElement;
        return canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      };
      const preview = read('canvas.preview');
      const pad = read('canvas.pad');
      picture.dispose();
      const pen = input.shadowRoot?.querySelector('canvas.pad') as HTMLCanvasElement;
      pen.focus();
      const got = loupe.nextEvent<{ source: string }>(input, 'loupe-input');
      const press = (key: string, shiftKey = false) =>
        pen.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true }));
      press(' ');
      for (let i = 0; i < 6; i++) press('ArrowRight');
      press(' ');
      const detail = await got;
      return {
        previewBar: [preview[4 * 11], preview[4 * 2]],
        padBar: [pad[4 * (140 * 280 + 115)], pad[4 * (140 * 280 + 30)]],
        source: detail.source,
        shape: input.value?.shape,
      };
    });
    // Bright on the bar, dark off it, in the preview (as given) and on the pad (scaled ×10).
    expect(result.previewBar).toEqual([255, 0]);
    expect(result.padBar[0]).toBeGreaterThan(200);
    expect(result.padBar[1]).toBe(0);
    expect(result.source).toBe('drawing');
    expect(result.shape).toEqual([28, 28, 1]);
  });
});

describe('<loupe-method-grid> cards', () => {
  it('shows progress while a method runs, then its map with what it shows, its paper, time and backend', async () => {
    await page.evaluate(async () => {
      const grid = document.createElement('loupe-method-grid');
      grid.id = 'cards';
      grid.cells = [
        {
          method: 'saliency',
          label: 'Saliency',
          description: 'How fast the score changes.',
          reference: 'Simonyan et al. 2014',
          progress: 0.5,
        },
      ];
      document.getElementById('stage')?.append(grid);
      await grid.updateComplete;
    });
    const cell = page.locator('#cards .cell[data-method="saliency"]');
    expect(await cell.getAttribute('data-state')).toBe('running');
    expect(await cell.locator('progress').evaluate((p: HTMLProgressElement) => p.value)).toBe(0.5);
    expect(await cell.textContent()).toMatch(
      /How fast the score changes\.[\s\S]*Simonyan et al\. 2014[\s\S]*running… 50%/,
    );
    await page.evaluate(async () => {
      const grid = document.getElementById('cards') as InstanceType<typeof loupe.ui.LoupeMethodGrid>;
      grid.cells = [
        {
          ...grid.cells[0],
          attribution: { values: new Float32Array(16).fill(1), shape: [4, 4] },
          millis: 12,
          backend: 'cpu',
        },
        { method: 'lrp', label: 'LRP', error: 'LRP needs a layer graph.' },
      ];
      await grid.updateComplete;
    });
    expect(await cell.getAttribute('data-state')).toBe('done');
    expect(await cell.locator('loupe-heatmap').count()).toBe(1);
    expect(await cell.locator('.meta').textContent()).toBe('12 ms · cpu');
    expect(await page.locator('#cards .cell[data-method="lrp"] [role=alert]').textContent()).toBe(
      'LRP needs a layer graph.',
    );
  });

  it('defaults to a scale per method, explains the shared scale when chosen, and switches views', async () => {
    await page.evaluate(async () => {
      const grid = document.createElement('loupe-method-grid');
      grid.id = 'views';
      grid.cells = [
        { method: 'saliency', attribution: { values: new Float32Array(16).fill(1), shape: [4, 4] } },
      ];
      document.getElementById('stage')?.append(grid);
      await grid.updateComplete;
      const log: string[] = [];
      grid.addEventListener('loupe-mode-change', (e) =>
        log.push((e as CustomEvent<{ mode: string }>).detail.mode),
      );
      (globalThis as unknown as { modes: string[] }).modes = log;
    });
    expect(await page.locator('#views input[value="per-cell"]').isChecked()).toBe(true);
    expect(await page.locator('#views .note').count()).toBe(0);
    await page.locator('#views input[value="shared"]').check();
    await expect
      .poll(() => page.locator('#views .note').textContent())
      .toMatch(/equal colours mean equal attribution/);
    await page.locator('#views select').selectOption('side-by-side');
    expect(await page.evaluate(() => (globalThis as unknown as { modes: string[] }).modes)).toEqual([
      'side-by-side',
    ]);
    await expect
      .poll(() =>
        page.locator('#views loupe-heatmap').evaluate((h) => (h as unknown as { mode: string }).mode),
      )
      .toBe('side-by-side');
  });
});

describe('<loupe-embedding-plot> legend', () => {
  it('names every class colour and the marks, and shows the caption', async () => {
    await page.evaluate(async () => {
      const plot = document.createElement('loupe-embedding-plot');
      plot.id = 'plot';
      plot.points = [
        [0, 0],
        [1, 1],
        [2, 0],
        [1, 2],
      ];
      plot.labels = [3, 1, 3, 0];
      plot.classNames = ['zero', 'one', 'two', 'three'];
      plot.prototypes = [0];
      plot.criticisms = [2];
      plot.caption = 'PCA of dense1';
      document.getElementById('stage')?.append(plot);
      await plot.updateComplete;
    });
    const items = await page.locator('#plot .legend li').allTextContents();
    expect(items.map((t) => t.trim())).toEqual(['zero', 'one', 'three', 'prototype', '×criticism']);
    expect(await page.locator('#plot .caption').textContent()).toBe('PCA of dense1');
  });
});

describe('<loupe-explainer> with an image object', () => {
  it('explains a canvas given as `image` (no URL) and draws the dimmed view by default', async () => {
    const { file, label } = inject('digits')[0];
    const outcome = await page.evaluate(async (file) => {
      const img = new Image();
      img.src = `/fixtures/${file}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      canvas.getContext('2d')?.drawImage(img, 0, 0);
      const element = document.createElement('loupe-explainer');
      const done = loupe.nextEvent<{ prediction: { index: number }; method: string }>(
        element,
        'loupe-result',
      );
      element.setAttribute('model', '/models/mnist-cnn/model.json');
      element.setAttribute('method', 'saliency');
      element.setAttribute('backend', 'cpu');
      element.image = canvas;
      document.getElementById('stage')?.append(element);
      const result = await done;
      const heatmap = element.shadowRoot?.querySelector('loupe-heatmap') as unknown as { mode: string };
      return { index: result.prediction.index, mode: heatmap.mode };
    }, file);
    expect(outcome).toEqual({ index: label, mode: 'dimmed-blend' });
  });
});
