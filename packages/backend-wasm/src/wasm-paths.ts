import { nodeBuiltins } from '@loupe/core';

/** The three binaries `@tensorflow/tfjs-backend-wasm` 4.22 picks from (plain, SIMD, threaded SIMD). */
export const WASM_BINARY_NAMES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

/** One of {@link WASM_BINARY_NAMES}. */
export type WasmBinaryName = (typeof WASM_BINARY_NAMES)[number];

/**
 * Where the `.wasm` binaries live: a directory prefix ending in `/` (URL in browsers, file path in Node),
 * or one URL/path per binary (what bundlers that fingerprint assets produce).
 */
export type WasmPaths = string | Record<WasmBinaryName, string>;

/**
 * The directory of the installed `@tensorflow/tfjs-backend-wasm` dist folder (with a trailing separator),
 * resolved from this package the way Node resolves it; undefined outside Node.
 */
export function nodeWasmDirectory(): string | undefined {
  const node = nodeBuiltins();
  if (!node) return undefined;
  const require = node.module.createRequire(import.meta.url);
  const entry = require.resolve('@tensorflow/tfjs-backend-wasm');
  return `${node.path.dirname(entry)}${node.path.sep}`;
}

/**
 * Asset URLs for bundlers. Vite (build) and webpack 5 rewrite `new URL('<package path>', import.meta.url)`
 * into an emitted asset URL, so the binaries ship with the app without copying them by hand. Each call is
 * spelled out literally because bundlers only rewrite static arguments.
 */
export function bundlerWasmPaths(): Record<WasmBinaryName, string> {
  return {
    'tfjs-backend-wasm.wasm': new URL(
      '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
      import.meta.url,
    ).href,
    'tfjs-backend-wasm-simd.wasm': new URL(
      '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
      import.meta.url,
    ).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL(
      '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm',
      import.meta.url,
    ).href,
  };
}

/** The default location: the installed dist folder in Node, bundler-emitted asset URLs elsewhere. */
export function defaultWasmPaths(): WasmPaths {
  return nodeWasmDirectory() ?? bundlerWasmPaths();
}

/**
 * In Node, the first binary that a directory prefix or file map names but that is missing on disk; undefined
 * when all exist or when not in Node (browsers can only find out by fetching).
 */
export function missingWasmBinary(paths: WasmPaths): string | undefined {
  const node = nodeBuiltins();
  if (!node) return undefined;
  for (const name of WASM_BINARY_NAMES) {
    const file = typeof paths === 'string' ? `${paths}${name}` : paths[name];
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file) && !file.startsWith('file://')) continue;
    const fsPath = file.startsWith('file://') ? new URL(file) : file;
    if (!node.fs.existsSync(fsPath)) return file;
  }
  return undefined;
}
