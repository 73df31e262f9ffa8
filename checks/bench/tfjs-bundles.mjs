// Bundle sizes for issue 17, item 10: do Loupe's packages grow an app's bundle because they import the
// @tensorflow/tfjs umbrella (tfjs-data, the converter, the webgl backend) instead of the pieces they use?
// Two apps — the README's browser snippet (which imports the umbrella itself) and the same page written
// against tfjs-core + tfjs-layers + tfjs-backend-cpu — each bundled twice with esbuild (browser, ESM,
// minified): Loupe as published (umbrella imports) and Loupe as if it imported only tfjs-core, -layers and
// -converter (simulated by resolving its umbrella imports to a module re-exporting those three).
// Run: node checks/bench/tfjs-bundles.mjs   (after pnpm build)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { readmeBlock } from '../src/readme-block.mjs';

const checksDir = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(join(checksDir, '.sites'), { recursive: true });
const dir = mkdtempSync(join(checksDir, '.sites', 'bundles-'));

const umbrellaApp = readmeBlock('browser-js');
const piecesApp = umbrellaApp.replace(
  "import * as tf from '@tensorflow/tfjs';",
  [
    "import '@tensorflow/tfjs-backend-cpu';",
    "import * as core from '@tensorflow/tfjs-core';",
    "import { loadLayersModel } from '@tensorflow/tfjs-layers';",
    'const tf = { ...core, loadLayersModel };',
  ].join('\n'),
);
if (piecesApp === umbrellaApp)
  throw new Error('The README snippet no longer imports @tensorflow/tfjs as expected.');
writeFileSync(join(dir, 'umbrella-app.js'), umbrellaApp);
writeFileSync(join(dir, 'pieces-app.js'), piecesApp);
writeFileSync(
  join(dir, 'split-tfjs.js'),
  "export * from '@tensorflow/tfjs-core';\nexport * from '@tensorflow/tfjs-layers';\nexport * from '@tensorflow/tfjs-converter';\n",
);

/** Resolves `@tensorflow/tfjs` imported from Loupe's packages to the three pieces. */
const splitPeers = {
  name: 'loupe-split-peers',
  setup(b) {
    b.onResolve({ filter: /^@tensorflow\/tfjs$/ }, (args) =>
      /[\\/](packages[\\/][^\\/]+|@loupe[\\/][^\\/]+)[\\/]dist[\\/]/.test(args.importer)
        ? { path: join(dir, 'split-tfjs.js') }
        : undefined,
    );
  },
};

const rows = [];
for (const app of ['umbrella-app', 'pieces-app']) {
  for (const peers of ['umbrella (today)', 'core+layers+converter']) {
    const result = await build({
      entryPoints: [join(dir, `${app}.js`)],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      logLevel: 'error',
      define: { 'process.env.NODE_ENV': '"production"' },
      plugins: peers === 'umbrella (today)' ? [] : [splitPeers],
      absWorkingDir: checksDir,
      outdir: join(dir, 'out'),
    });
    const js = result.outputFiles.filter((f) => f.path.endsWith('.js'));
    const bytes = js.reduce((n, f) => n + f.contents.length, 0);
    const gzip = js.reduce((n, f) => n + gzipSync(f.contents).length, 0);
    rows.push({
      app,
      'Loupe imports': peers,
      'min KB': (bytes / 1024).toFixed(0),
      'min+gzip KB': (gzip / 1024).toFixed(0),
    });
  }
}
console.table(rows);
rmSync(dir, { recursive: true, force: true });
