import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hook, launch, loadModelUrl, openApp, waitForHook } from './support/browser.js';
import { SERVED_LABELS } from './support/model-server.js';

const CNN_DIR = fileURLToPath(new URL('../../../packages/models/assets/mnist-cnn/', import.meta.url));

function loadUrl(page: Page, modelUrl: string, labelsUrl = ''): Promise<void> {
  return loadModelUrl(page, modelUrl, { 'Labels URL': labelsUrl });
}

describe('Model: loading by URL', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    ({ page, errors } = await openApp(browser, inject('appUrl'), '?methods=saliency&input=sample%3A700'));
    await waitForHook(page, 'h.attributions.saliency');
  });
  afterAll(async () => browser?.close());

  it('loads a LayersModel and its labels from a URL served by the test', async () => {
    const host = inject('modelHost');
    const first = (await hook(page)).modelId;
    await loadUrl(page, `${host}/cnn/model.json`, `${host}/labels.json`);
    await waitForHook(
      page,
      `h.modelId > ${first} && h.attributions.saliency?.inputVersion === h.inputVersion`,
    );
    await expect.poll(() => page.locator('.prediction strong').textContent()).toBe(SERVED_LABELS[7]);
    expect(page.url()).toContain(encodeURIComponent(`url:${host}/cnn/model.json`));
  });

  it('reports a broken model URL and keeps working with the current model', async () => {
    const host = inject('modelHost');
    const { modelId, inputVersion } = await hook(page);
    await loadUrl(page, `${host}/broken/model.json`);
    const message = page.locator('.model-message.error');
    await expect.poll(() => message.textContent(), { timeout: 30_000 }).toMatch(/weights\.bin|404/);
    expect((await hook(page)).modelId).toBe(modelId);
    await loadUrl(page, `${host}/missing/model.json`);
    await expect.poll(() => message.textContent(), { timeout: 30_000 }).toMatch(/HTTP 404/);
    await page.click('button:has-text("▶")');
    await waitForHook(
      page,
      `h.inputVersion > ${inputVersion} && h.attributions.saliency?.inputVersion === h.inputVersion`,
    );
    expect((await hook(page)).modelId).toBe(modelId);
    expect(errors).toEqual([]);
  });

  it('loads model.json, weights and labels dropped on the model panel, reading the input size from the model', async () => {
    const host = inject('modelHost');
    const first = (await hook(page)).modelId;
    await page.evaluate(async (base) => {
      const file = async (path: string, name: string) =>
        new File([await (await fetch(`${base}${path}`)).blob()], name);
      const transfer = new DataTransfer();
      for (const f of [
        await file('/cnn/model.json', 'model.json'),
        await file('/cnn/weights.bin', 'weights.bin'),
        await file('/labels.json', 'labels.json'),
      ])
        transfer.items.add(f);
      const panel = document.querySelector('details.model-panel') as HTMLElement;
      panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, host);
    await waitForHook(
      page,
      `h.modelId > ${first} && h.attributions.saliency?.inputVersion === h.inputVersion`,
    );
    await expect
      .poll(() => page.locator('.model-message').textContent())
      .toMatch(/input 28×28×1 \(read from the model\), 10 classes/);
    await expect.poll(() => page.locator('.prediction strong').textContent()).toBe(SERVED_LABELS[7]);
    expect(page.url()).toContain('model=files%3Amodel.json');
  });

  it('loads a model folder chosen with the folder picker', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'loupe-model-'));
    for (const name of ['model.json', 'weights.bin']) copyFileSync(join(CNN_DIR, name), join(folder, name));
    const first = (await hook(page)).modelId;
    await page.locator('input[aria-label="Model folder"]').setInputFiles(folder);
    await waitForHook(page, `h.modelId > ${first}`);
    expect((await hook(page)).modelError).toBeUndefined();
    rmSync(folder, { recursive: true, force: true });
    expect(errors).toEqual([]);
  });
});
