import { defineConfig } from 'vitest/config';

// These checks use the packages as users get them (built dist/, package.json exports, packed tarballs), so
// unlike the packages' own tests they do not alias @loupe/* to sources. turbo builds every package first.
// One file at a time: each builds bundles or installs packages, which is heavy on a two-core machine.
export default defineConfig({
  test: {
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
