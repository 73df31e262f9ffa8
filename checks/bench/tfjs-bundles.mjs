// Bundle sizes for issue 17, item 10: how much do Loupe's packages grow an app's bundle when they import the
// @tensorflow/tfjs umbrella (tfjs-data, the webgl backend) instead of the pieces they use? Two apps — the
// README's browser snippet (which imports the umbrella itself) and the same page written against tfjs-core +
// tfjs-layers + tfjs-backend-cpu — each bundled twice with esbuild (browser, ESM, minified): Loupe as it ships
// (importing tfjs-core, -layers and -converter) and Loupe as it was before the split (every such import of its
// built packages resolved to a module re-exporting the umbrella, which is what importing the umbrella did).
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
writeFileSync(join(dir, 'umbrella-tfjs.js'), "export * from '@tensorflow/tfjs';\n");

/** Resolves the tfjs pieces imported by Loupe's built packages to the umbrella, as before the split. */
const umbrellaPeers = {
  name: 'loupe-umbrella-peers',
  setup(b) {
    b.onResolve({ filter: /^@tensorflow\/tfjs-(core|layers|converter)$/ }, (args) =>
      /[\\/](packages[\\/][^\\/]+|@loupe[\\/][^\\/]+)[\\/]dist[\\/]/.test(args.importer)
        ? { path: join(dir, 'umbrella-tfjs.js') }
        : undefined,
    );
  },
};

const rows = [];
for (const app of ['umbrella-app', 'pieces-app']) {
  for (const peers of ['umbrella (before the split)', 'core+layers+converter (shipped)']) {
    const result = await build({
      entryPoints: [join(dir, `${app}.js`)],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      logLevel: 'error',
      define: { 'process.env.NODE_ENV': '"production"' },
      plugins: peers.startsWith('umbrella') ? [umbrellaPeers] : [],
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
