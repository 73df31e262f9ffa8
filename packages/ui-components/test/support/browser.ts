import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

/** Debian's chromium (the project's test browser). */
export const CHROMIUM = '/usr/bin/chromium';

/** Launches headless chromium; `webgpu` adds the flags for WebGPU on SwiftShader's software Vulkan. */
export async function launch(options: { webgpu?: boolean } = {}): Promise<Browser> {
  const args = ['--headless', '--no-sandbox', '--disable-gpu'];
  if (options.webgpu)
    args.push('--enable-unsafe-webgpu', '--use-vulkan=swiftshader', '--enable-features=Vulkan');
  return chromium.launch({ executablePath: CHROMIUM, args, headless: true });
}

/** Opens a page of the test server and collects uncaught page errors (tests assert there are none). */
export async function openPage(
  browser: Browser,
  path: string,
): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(`${inject('baseUrl')}${path}`);
  return { page, pageErrors };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The MNIST samples the fixtures wrote: file name → true label (the shipped model classifies them correctly). */
    digits: { file: string; label: number }[];
  }
}

/**
 * Opens the component harness page (every element defined, `window.loupe` ready) in `browser`, or in a
 * newly launched chromium when none is given.
 */
export async function openHarness(
  given?: Browser,
): Promise<{ browser: Browser; page: Page; pageErrors: string[] }> {
  const browser = given ?? (await launch());
  const { page, pageErrors } = await openPage(browser, '/pages/harness.html');
  await page.waitForSelector('body[data-ready]', { state: 'attached' });
  return { browser, page, pageErrors };
}
