// Playground benchmark: drives Debian's chromium (playwright-core) against `vite preview` of the built app
// and prints (1) page load → first heatmap on the cpu backend and (2) per-method time on cpu, wasm and
// WebGPU (SwiftShader software Vulkan here). Not a test: it only measures. Run: pnpm --filter @loupe/playground bench
// (builds first when dist/ is missing). REPEAT=3 sets the page loads measured; METHODS the methods timed.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const APP = fileURLToPath(new URL('..', import.meta.url));
const VITE = `${APP}node_modules/.bin/vite`;
const PORT = Number(process.env.PORT ?? 5290);
const REPEAT = Number(process.env.REPEAT ?? 3);
const METHODS = (process.env.METHODS ?? 'saliency,integrated-gradients,grad-cam,occlusion').split(',');
const BASE = `http://127.0.0.1:${PORT}/`;
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu'];
const WEBGPU_FLAGS = [
  ...FLAGS,
  '--enable-unsafe-webgpu',
  '--use-vulkan=swiftshader',
  '--enable-features=Vulkan',
];

if (!existsSync(`${APP}dist/index.html`))
  execFileSync(VITE, ['build', '--logLevel', 'warn'], { cwd: APP, stdio: 'inherit' });
const server = spawn(VITE, ['preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
  cwd: APP,
  stdio: 'ignore',
});
for (let i = 0; ; i++) {
  try {
    if ((await fetch(BASE)).ok) break;
  } catch {
    if (i > 120) throw new Error('vite preview did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Opens the app and waits for a condition on window.__loupe; returns the hook. */
async function run(browser, query, predicate, timeout = 300_000) {
  const page = await browser.newPage();
  await page.goto(`${BASE}${query}`);
  await page.waitForFunction(
    `(() => { const h = window.__loupe; return Boolean(h && (${predicate})); })()`,
    null,
    { timeout },
  );
  const hook = await page.evaluate(() => window.__loupe);
  await page.close();
  return hook;
}

const rows = [];
try {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  const loads = [];
  for (let i = 0; i < REPEAT; i++) {
    const hook = await run(browser, '?methods=saliency&backend=cpu', 'h.firstHeatmapAt !== undefined');
    loads.push(hook.firstHeatmapAt);
  }
  console.log(
    `page load → first heatmap (saliency, cpu), median of ${REPEAT}: ${median(loads).toFixed(0)} ms [${loads.map((t) => t.toFixed(0)).join(', ')}]`,
  );
  await browser.close();
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
        await page.goto(`${BASE}?methods=${method}&backend=${backend}`);
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
  server.kill();
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
