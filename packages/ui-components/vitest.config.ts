import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Browser tests drive Debian's chromium through playwright-core against pages that a global setup
// bundles (esbuild) and serves from 127.0.0.1.
export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    globalSetup: ['./test/support/global-setup.ts'],
    poolOptions: { forks: { singleFork: false, maxForks: 2 } },
  },
});
