import { defineConfig, type Plugin } from 'vite';
import { sharedConfig } from '../../vitest.shared.js';
import { precacheServiceWorker } from './build/precache-plugin.js';

// Workspace packages resolve to their TypeScript sources (the same aliases the tests use), so the app
// never bundles a stale dist and `vite build` needs no prior package builds.
const workspaceAliases = sharedConfig.resolve?.alias ?? [];

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
  resolve: { alias: workspaceAliases, dedupe: ['@tensorflow/tfjs'] },
  plugins: [nodeOnlyStubs(), precacheServiceWorker()],
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, assetsInlineLimit: 0 },
  optimizeDeps: { exclude: ['@loupe/backend-wasm'] },
  preview: { host: '127.0.0.1' },
});
