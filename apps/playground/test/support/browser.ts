import { type Browser, chromium, type Page } from 'playwright-core';
import type { TestHook } from '../../src/test-hook.js';

/** Debian's chromium, the project's test browser. */
const CHROMIUM = '/usr/bin/chromium';

/** Headless chromium; `webgpu` adds the flags for WebGPU on SwiftShader's software Vulkan. */
export function launch(options: { webgpu?: boolean } = {}): Promise<Browser> {
  const args = ['--headless', '--no-sandbox', '--disable-gpu'];
  if (options.webgpu)
    args.push('--enable-unsafe-webgpu', '--use-vulkan=swiftshader', '--enable-features=Vulkan');
  return chromium.launch({ executablePath: CHROMIUM, args, headless: true });
}

/** Opens the app at `query` in a new context and collects uncaught page errors. */
export async function openApp(
  browser: Browser,
  url: string,
  query = '',
): Promise<{ page: Page; errors: string[] }> {
  // A page in its own context (not browser.newPage()), so axe can analyse it.
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${url}${query}`);
  return { page, errors };
}

/** Reads `window.__loupe`. */
export function hook(page: Page): Promise<TestHook> {
  return page.evaluate(() => (window as unknown as { __loupe: TestHook }).__loupe);
}

/** Waits until a predicate over `window.__loupe` holds (the predicate runs in the page). */
export async function waitForHook(page: Page, predicate: string, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    `(() => { const h = window.__loupe; return Boolean(h && (${predicate})); })()`,
    null,
    { timeout },
  );
}

/**
 * Fraction of a canvas's pixels that differ from its first pixel, read in the page (0: blank or
 * uniform). `selector` may cross shadow roots (Playwright's CSS engine pierces open ones).
 */
export async function canvasInk(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      if (canvas.width === 0 || canvas.height === 0) return 0;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!data) return 0;
      let differing = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) differing++;
      }
      return differing / (data.length / 4);
    });
}

/**
 * Loads a model by URL through the model panel: opens it, fills the Model URL and the given fields (by their
 * accessible names, e.g. `{ 'Labels URL': '' }`), and presses Load URL.
 */
export async function loadModelUrl(
  page: Page,
  modelUrl: string,
  fields: Record<string, string> = {},
): Promise<void> {
  await page.locator('details.model-panel').evaluate((d: HTMLDetailsElement) => {
    d.open = true;
  });
  await page.fill('input[aria-label="Model URL"]', modelUrl);
  for (const [label, value] of Object.entries(fields)) await page.fill(`input[aria-label="${label}"]`, value);
  await page.click('button.load-url');
}
