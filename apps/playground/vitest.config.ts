import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// End-to-end tests: a global setup builds the app (when sources changed), serves it with `vite preview`
// on 127.0.0.1, and the tests drive Debian's chromium through playwright-core. One file at a time keeps
// the two-core machine from timing out.
export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
