import { defineConfig } from 'vitest/config';
import config from './vitest.config.js';

// `pnpm soak`: the long soak benchmark (bench/soak.soak.ts), with the browser tests' global setup.
export default defineConfig({
  ...config,
  test: { ...config.test, include: ['bench/**/*.soak.ts'], testTimeout: 1_800_000 },
});
