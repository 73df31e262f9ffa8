import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { sharedConfig } from '../../vitest.shared.js';
import { bundleBudget, readBudgets } from './build/bundle-budget.js';
import { precacheServiceWorker } from './build/precache-plugin.js';

// Workspace packages resolve to their TypeScript sources (the same aliases the tests use), so the app
// never bundles a stale dist and `vite build` needs no prior package builds.
const workspaceAliases = (sharedConfig.resolve?.alias ?? []) as { find: RegExp; replacement: string }[];

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

/** Dawn's Node bindings (`webgpu`) are reached only under Node; the browser build gets an empty module. */
function nodeOnlyStubs(): Plugin {
  const stubbed = /^(webgpu)$/;
  return {
    name: 'loupe-node-only-stubs',
    enforce: 'pre',
    resolveId(id) {
      return stubbed.test(id) ? `\0node-only:${id}` : undefined;
    },
    load(id) {
      return id.startsWith('\0node-only:')
        ? 'export default {}; export const create = undefined; export const globals = {};'
        : undefined;
    },
  };
}

export default defineConfig({
  base: './',
  resolve: { alias: [tfjsWithoutWebgl, ...workspaceAliases], dedupe: ['@tensorflow/tfjs-core'] },
  plugins: [
    nodeOnlyStubs(),
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
