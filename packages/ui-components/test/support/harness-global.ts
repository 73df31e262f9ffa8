import type { HarnessApi } from '../pages/harness.js';

declare global {
  /** What test/pages/harness.ts exposes to `page.evaluate` callbacks. */
  var loupe: HarnessApi;
}
