// Playground benchmark: drives Debian's chromium (playwright-core) against the production build and prints
// (1) time to first explanation on a cold load (a fresh browser context: empty HTTP cache, no service
// worker) on the cpu and wasm backends, alternating rounds, and (2) per-method time on cpu, wasm and WebGPU
// (SwiftShader software Vulkan here). Not a test: it only measures. Run: pnpm --filter @loupe/playground bench
// (builds first when dist/ is missing). REPEAT=5 sets the cold loads per backend; METHODS the methods timed;
// BASELINE=<dist folder of another build> also loads that build in the same rounds (served without the
// isolation headers unless it has them in its own config), for a before/after ratio.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const APP = fileURLToPath(new URL('..', import.meta.url));
const REPEAT = Number(process.env.REPEAT ?? 5);
const METHODS = (process.env.METHODS ?? 'saliency,integrated-gradients,grad-cam,occlusion').split(',');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu'];
const WEBGPU_FLAGS = [
  ...FLAGS,
  '--enable-unsafe-webgpu',
  '--use-vulkan=swiftshader',
  '--enable-features=Vulkan',
];
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
};

try {
  statSync(join(APP, 'dist/index.html'));
} catch {
  execFileSync(join(APP, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: APP,
    stdio: 'inherit',
  });
}

/** Serves a dist folder on 127.0.0.1 (with the COOP/COEP headers the app's own servers send, if `isolated`). */
async function serve(dir, isolated) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir)) file = join(dir, 'index.html');
    try {
      const body = readFileSync(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (isolated)
        Object.assign(headers, {
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        });
      response.writeHead(200, headers).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Cold load of `url` in a fresh context; resolves to when the first heatmap was drawn (ms since navigation). */
async function coldLoad(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction('window.__loupe?.firstHeatmapAt !== undefined', null, { timeout: 300_000 });
  const at = await page.evaluate(() => window.__loupe.firstHeatmapAt);
  await context.close();
  return at;
}

const builds = [{ name: 'this build', dir: join(APP, 'dist'), isolated: true }];
if (process.env.BASELINE) builds.push({ name: 'baseline', dir: process.env.BASELINE, isolated: false });
const servers = await Promise.all(builds.map((b) => serve(b.dir, b.isolated)));
const loads = {};
const rows = [];
try {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  // Alternating rounds: every build and backend once per round, so load on the shared machine hits all alike.
  for (let round = 0; round < REPEAT; round++) {
    for (const [i, build] of builds.entries()) {
      for (const backend of ['cpu', 'wasm']) {
        const key = `${build.name} · ${backend}`;
        loads[key] ??= [];
        loads[key].push(
          await coldLoad(
            browser,
            `${servers[i].url}?methods=saliency,integrated-gradients&backend=${backend}`,
          ),
        );
      }
    }
  }
  await browser.close();
  console.log(`cold load → first explanation (saliency heatmap drawn), median of ${REPEAT}, ms:`);
  for (const [key, times] of Object.entries(loads)) {
    console.log(`  ${key}: ${median(times).toFixed(0)} [${times.map((t) => t.toFixed(0)).join(', ')}]`);
  }
  for (const backend of ['cpu', 'wasm', 'webgpu']) {
    const b = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: backend === 'webgpu' ? WEBGPU_FLAGS : FLAGS,
    });
    // The first run of each method warms kernels (and compiles shaders on WebGPU); the second is timed.
    for (const method of METHODS) {
      const predicate = `h.attributions["${method}"] && h.backend === "${backend}"`;
      try {
        const page = await b.newPage();
        await page.goto(`${servers[0].url}?methods=${method}&backend=${backend}`);
        await page.waitForFunction(
          `(() => { const h = window.__loupe; return Boolean(h && (${predicate})); })()`,
          null,
          { timeout: 300_000 },
        );
        const first = await page.evaluate((m) => window.__loupe.attributions[m], method);
        await page.click('button:has-text("▶")');
        await page.waitForFunction(
          `(() => { const h = window.__loupe; return h.attributions["${method}"].inputVersion === h.inputVersion && h.inputVersion > ${first.inputVersion}; })()`,
          null,
          { timeout: 300_000 },
        );
        const second = await page.evaluate((m) => window.__loupe.attributions[m], method);
        rows.push({ backend, method, first: first.millis, warm: second.millis, ran: second.backend });
        await page.close();
      } catch (err) {
        rows.push({ backend, method, error: err.message.split('\n')[0] });
      }
    }
    await b.close();
  }
} finally {
  for (const s of servers) s.close();
}
console.log('| backend | method | first run (ms) | warm run (ms) | ran on |');
console.log('| --- | --- | ---: | ---: | --- |');
for (const r of rows) {
  console.log(
    r.error
      ? `| ${r.backend} | ${r.method} | – | – | failed: ${r.error} |`
      : `| ${r.backend} | ${r.method} | ${r.first.toFixed(0)} | ${r.warm.toFixed(0)} | ${r.ran} |`,
  );
}
