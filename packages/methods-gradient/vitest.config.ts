import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// test/*.test-d.ts are type tests: vitest runs the compiler on them alongside the other tests.
export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
