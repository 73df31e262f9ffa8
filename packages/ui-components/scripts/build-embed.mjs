// Builds dist/loupe-embed.js (esbuild: one ES module with tfjs, every element, method and backend) and
// copies tfjs-backend-wasm's binaries next to it, where the bundle's wasm backend looks for them.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { workspaceAlias } from './workspace-alias.mjs';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const WASM = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];

/** Bundles the embed entry into `outdir` (default dist/); returns the bundle's path. */
export async function buildEmbed(outdir = join(packageDir, 'dist')) {
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'loupe-embed.js');
  await build({
    entryPoints: [join(packageDir, 'src/embed.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    // No source map: it would describe tfjs and lit sources this package does not ship (9 MB).
    sourcemap: false,
    legalComments: 'linked',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [workspaceAlias()],
    logLevel: 'warning',
  });
  const requireFromWasm = createRequire(join(packageDir, '../backend-wasm/package.json'));
  const wasmDir = dirname(requireFromWasm.resolve('@tensorflow/tfjs-backend-wasm'));
  for (const file of WASM) copyFileSync(join(wasmDir, file), join(outdir, file));
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildEmbed(process.argv[2]);
  console.log(`built ${out}`);
}
