// Measures the size budget: the package's browser code (components + @loupe/core + lit + d3 colormaps),
// tfjs excluded, bundled and minified with esbuild, then gzipped (level 9). Prints bytes and KB.

import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { workspaceAlias } from './workspace-alias.mjs';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const result = await build({
  entryPoints: [entry],
  bundle: true,
  write: false,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  external: ['@tensorflow/*'],
  plugins: [workspaceAlias()],
  metafile: true,
});
const code = result.outputFiles[0].contents;
const gzip = gzipSync(code, { level: 9 }).length;
const byPackage = {};
const inputs = Object.values(result.metafile.outputs)[0].inputs;
for (const [path, info] of Object.entries(inputs)) {
  const key = path.includes('node_modules/')
    ? path.replace(/.*node_modules\/(@[^/]+\/[^/]+|[^/]+).*/, '$1')
    : path.startsWith('src/')
      ? '@loupe/ui-components'
      : '@loupe/core';
  byPackage[key] = (byPackage[key] ?? 0) + info.bytesInOutput;
}
console.log(
  JSON.stringify(
    { minifiedBytes: code.length, gzipBytes: gzip, gzipKB: +(gzip / 1024).toFixed(1), byPackage },
    null,
    2,
  ),
);
