import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launch, openPage } from './support/browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

it('dist/loupe-embed.js works on a plain HTML page: one script tag, one element, result and error side by side', async () => {
  const { page, pageErrors } = await openPage(browser, '/pages/embed.html');
  type Outcomes = Record<string, { result?: unknown; error?: unknown }>;
  const read = () => page.evaluate(() => (globalThis as unknown as { outcomes: Outcomes }).outcomes);
  await expect.poll(async () => Object.keys(await read()).sort(), { timeout: 60_000 }).toEqual(['bad', 'ok']);
  const outcomes = await read();
  const outcome = {
    result: outcomes.ok.result,
    error: outcomes.bad.error,
    shown: await page.evaluate(() => document.getElementById('bad')?.shadowRoot?.textContent),
  };
  expect(outcome.result).toMatchObject({ method: 'saliency', target: 7, prediction: { index: 7 } });
  expect(outcome.error).toMatchObject({ message: expect.stringMatching(/HTTP 404/) });
  expect(outcome.shown).toMatch(/HTTP 404/);
  await page.click('#still-works');
  expect(await page.textContent('#still-works')).toBe('clicked');
  // A string, so vitest's transform leaves the page's own dynamic import alone.
  const methods = (await page.evaluate(
    `import('/build/embed/loupe-embed.js').then(async (m) => ({
      ids: m.core.listExplainers().map((p) => p.id),
      backends: (await m.core.listBackends()).map((b) => b.name),
    }))`,
  )) as { ids: string[]; backends: string[] };
  expect(methods.ids).toEqual(
    expect.arrayContaining(['saliency', 'integrated-gradients', 'grad-cam', 'occlusion', 'rise']),
  );
  expect(methods.backends).toEqual(expect.arrayContaining(['webgpu', 'wasm', 'cpu']));
  expect(pageErrors).toEqual([]);
});

it("without COOP/COEP the default backend ('auto') still runs: wasm on one thread", async () => {
  const { page, pageErrors } = await openPage(browser, '/pages/embed-auto.html');
  const read = () => page.evaluate(() => (globalThis as unknown as { outcome?: unknown }).outcome);
  await expect.poll(read, { timeout: 60_000 }).toBeDefined();
  const state = await page.evaluate(() => ({
    isolated: crossOriginIsolated,
    sharedMemory: typeof SharedArrayBuffer,
  }));
  // No GPU adapter with --disable-gpu, so 'auto' passes WebGPU over; wasm cannot share memory here.
  expect(state).toEqual({ isolated: false, sharedMemory: 'undefined' });
  expect(await read()).toMatchObject({ result: { prediction: { index: 7 }, timing: { backend: 'wasm' } } });
  expect(pageErrors).toEqual([]);
});
