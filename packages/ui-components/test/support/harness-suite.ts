import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { openHarness } from './browser.js';
import './harness-global.js';

/**
 * Registers the hooks of a test file that drives the harness page: one browser for the whole file, an
 * empty stage before each test, and no uncaught page error by the end. Returns the page (a stand-in that
 * forwards to it once the file's `beforeAll` has opened it).
 */
export function useHarnessPage(): Page {
  let opened: Awaited<ReturnType<typeof openHarness>> | undefined;
  beforeAll(async () => {
    opened = await openHarness();
  });
  beforeEach(async () => {
    await opened?.page.evaluate(() => document.getElementById('stage')?.replaceChildren());
  });
  afterAll(async () => {
    expect(opened?.pageErrors.join('\n')).toBe('');
    await opened?.browser.close();
  });
  return new Proxy({} as Page, {
    get(_, key) {
      if (!opened) throw new Error('The harness page is not open yet: use it inside a test.');
      const value = Reflect.get(opened.page, key);
      return typeof value === 'function' ? value.bind(opened.page) : value;
    },
  });
}
