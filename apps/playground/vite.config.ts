import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { workspaceAliases as aliasesFor } from '../../vitest.shared.js';
import { bundleBudget, readBudgets } from './build/bundle-budget.js';
import { precacheServiceWorker } from './build/precache-plugin.js';

// Workspace packages resolve to their TypeScript sources (the aliases the tests use, under the "browser"
// export condition), so the app never bundles a stale dist and `vite build` needs no prior package builds.
const workspaceAliases = aliasesFor(['browser']);

/** `@tensorflow/tfjs` without its WebGL backend (see src/vendor/tfjs.ts). */
const tfjsWithoutWebgl = {
  find: /^@tensorflow\/tfjs$/,
  replacement: fileURLToPath(new URL('./src/vendor/tfjs.ts', import.meta.url)),
};

/**
 * Cross-origin isolation: with these two headers `SharedArrayBuffer` exists, so tfjs-wasm loads its
 * threaded SIMD build (one thread per core) instead of the single-threaded one. Every file the app loads
 * is same-origin; models from other origins are fetched with CORS, which require-corp allows.
 */
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  resolve: { alias: [tfjsWithoutWebgl, ...workspaceAliases], dedupe: ['@tensorflow/tfjs-core'] },
  plugins: [
    precacheServiceWorker(),
    bundleBudget(readBudgets(new URL('./build/bundle-budget.json', import.meta.url))),
  ],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    assetsInlineLimit: 0,
  },
  optimizeDeps: { exclude: ['@loupe/backend-wasm'] },
  server: { headers: crossOriginIsolation },
  preview: { host: '127.0.0.1', headers: crossOriginIsolation },
});
