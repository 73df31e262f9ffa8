import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ExplainerErrorDetail, ExplainerResultDetail } from '../src/index.js';
import { launch, openPage } from './support/browser.js';
import './support/harness-global.js';

const MODEL = '/models/mnist-cnn/model.json';

interface Outcome {
  result?: ExplainerResultDetail;
  error?: ExplainerErrorDetail;
  shown: string;
  heatmapWidth?: number;
}

/** Sets attributes on a (new or existing) explainer and waits for its next result or error. */
async function explainOn(
  page: Page,
  id: string,
  attributes: Record<string, string>,
  options: Record<string, unknown> = {},
): Promise<Outcome> {
  return page.evaluate(
    async ({ id, attributes, options }) => {
      let element = document.getElementById(id) as InstanceType<typeof loupe.ui.LoupeExplainer> | null;
      if (!element) {
        element = document.createElement('loupe-explainer');
        element.id = id;
        document.getElementById('stage')?.append(element);
      }
      const done = new Promise<{ result?: ExplainerResultDetail; error?: ExplainerErrorDetail }>(
        (resolve) => {
          element.addEventListener('loupe-result', (e) => resolve({ result: (e as CustomEvent).detail }), {
            once: true,
          });
          element.addEventListener('loupe-error', (e) => resolve({ error: (e as CustomEvent).detail }), {
            once: true,
          });
        },
      );
      element.options = options;
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
      const outcome = await done;
      await element.updateComplete;
      const heatmap = element.shadowRoot?.querySelector('loupe-heatmap');
      await (heatmap as { updateComplete?: Promise<unknown> } | null)?.updateComplete;
      const canvas = heatmap?.shadowRoot?.querySelector('canvas.main') as HTMLCanvasElement | undefined;
      return { ...outcome, shown: element.shadowRoot?.textContent ?? '', heatmapWidth: canvas?.width };
    },
    { id, attributes, options },
  );
}

function numTensors(page: Page): Promise<number> {
  return page.evaluate(() => loupe.tf.memory().numTensors);
}

describe('<loupe-explainer> on cpu with the shipped MNIST CNN', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  const digits = inject('digits');

  beforeAll(async () => {
    browser = await launch();
    ({ page, pageErrors } = await openPage(browser, '/pages/harness.html'));
    await page.waitForSelector('body[data-ready]', { state: 'attached' });
  });

  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await browser?.close();
  });

  it('predicts the digit, explains it with integrated gradients, and frees every tensor', async () => {
    const [seven, two] = digits;
    const first = await explainOn(
      page,
      'e1',
      { model: MODEL, src: `/fixtures/${seven.file}`, method: 'integrated-gradients', backend: 'cpu' },
      { steps: 16 },
    );
    expect(first.error).toBeUndefined();
    expect(first.result?.prediction.index).toBe(seven.label);
    expect(first.result?.prediction.probability).toBeGreaterThan(0.9);
    expect(first.result?.target).toBe(seven.label);
    expect(first.result?.method).toBe('integrated-gradients');
    expect(first.result?.timing.backend).toBe('cpu');
    expect(first.result?.timing.millis).toBeGreaterThan(0);
    expect(first.heatmapWidth).toBe(28);
    expect(first.shown).toContain(`Predicted ${seven.label}`);
    const before = await numTensors(page);
    const second = await explainOn(page, 'e1', { src: `/fixtures/${two.file}`, method: 'saliency' });
    expect(second.result?.prediction.index).toBe(two.label);
    expect(second.result?.method).toBe('saliency');
    expect(await numTensors(page)).toBe(before);
  });

  it('explains a requested target class instead of the predicted one', async () => {
    const outcome = await explainOn(page, 'e1', { src: `/fixtures/${digits[0].file}`, target: '3' });
    expect(outcome.result?.target).toBe(3);
    expect(outcome.result?.prediction.index).toBe(digits[0].label);
  });

  it('aborts an old request when a new one arrives: only the newest result is reported', async () => {
    const results = await page.evaluate(
      async ({ seven, two }) => {
        const element = document.createElement('loupe-explainer');
        const seen: number[] = [];
        element.addEventListener('loupe-result', (e) =>
          seen.push((e as CustomEvent<ExplainerResultDetail>).detail.prediction.index),
        );
        element.setAttribute('backend', 'cpu');
        element.setAttribute('method', 'integrated-gradients');
        element.setAttribute('model', '/models/mnist-cnn/model.json');
        element.setAttribute('src', seven);
        document.getElementById('stage')?.append(element);
        await element.updateComplete;
        element.setAttribute('src', two);
        await loupe.nextEvent(element, 'loupe-result');
        await new Promise((resolve) => setTimeout(resolve, 1500));
        element.remove();
        return seen;
      },
      { seven: `/fixtures/${digits[0].file}`, two: `/fixtures/${digits[1].file}` },
    );
    expect(results).toEqual([digits[1].label]);
  });

  it('reports a missing model, a file that is not a model, and a broken image readably; the page keeps working', async () => {
    const missing = await explainOn(page, 'bad', {
      model: '/fixtures/nowhere/model.json',
      src: `/fixtures/${digits[0].file}`,
      backend: 'cpu',
      method: 'saliency',
    });
    expect(missing.result).toBeUndefined();
    expect(missing.error?.message).toMatch(
      /Could not load the model: .*nowhere\/model\.json answered HTTP 404/,
    );
    expect(missing.error?.code).toBeTypeOf('string');
    expect(missing.shown).toContain('HTTP 404');
    const notModel = await explainOn(page, 'bad', { model: '/fixtures/not-a-model.json' });
    expect(notModel.error?.message).toMatch(/not a TensorFlow\.js model\.json/);
    const brokenImage = await explainOn(page, 'bad', { model: MODEL, src: '/fixtures/broken.png' });
    expect(brokenImage.error?.message).toMatch(/Could not decode the image at .*broken\.png/);
    expect(brokenImage.shown).toContain('Could not decode');
    const missingImage = await explainOn(page, 'bad', { src: '/fixtures/none.png' });
    expect(missingImage.error?.message).toMatch(/Could not load the image: .*none\.png answered HTTP 404/);
    const unknownMethod = await explainOn(page, 'bad', {
      src: `/fixtures/${digits[0].file}`,
      method: 'no-such-method',
    });
    expect(unknownMethod.error?.message).toMatch(/no-such-method/);
    const recovered = await explainOn(page, 'bad', { method: 'saliency' });
    expect(recovered.result?.prediction.index).toBe(digits[0].label);
    expect(recovered.shown).not.toContain('Could not');
  });
});

// core's explain() validates and resolves the target with asynchronous reads, so nothing here reads back
// synchronously (a synchronous WebGPU read can lose the device under SwiftShader).
describe('<loupe-explainer> on WebGPU (SwiftShader)', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launch({ webgpu: true });
    ({ page, pageErrors } = await openPage(browser, '/pages/harness.html'));
    await page.waitForSelector('body[data-ready]', { state: 'attached' });
  });

  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await browser?.close();
  });

  it('gets the same prediction on the webgpu backend', async () => {
    const [seven] = inject('digits');
    const available = await page.evaluate(async () =>
      (await loupe.core.listBackends()).find((b) => b.name === 'webgpu'),
    );
    expect(available?.available, available?.reason).toBe(true);
    const outcome = await explainOn(page, 'gpu', {
      model: MODEL,
      src: `/fixtures/${seven.file}`,
      method: 'saliency',
      backend: 'webgpu',
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.result?.timing.backend).toBe('webgpu');
    expect(outcome.result?.prediction.index).toBe(seven.label);
    expect(outcome.heatmapWidth).toBe(28);
  });
});
