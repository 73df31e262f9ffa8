// Issue 17, item 1: the README's browser snippet (backend-webgpu + backend-wasm + core + methods-gradient +
// ui-components) builds with zero-config Vite and with esbuild --platform=browser, and the page runs in
// headless Chromium: it explains a digit and the heatmap element paints it.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from '@loupe/core/node';
import { loadMnistSamples } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';
import { type Browser, chromium } from 'playwright-core';
import { preview, build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeBlock } from '../src/readme.js';

const checksDir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const modelDir = join(dirname(require.resolve('@loupe/models/package.json')), 'assets', 'mnist-cnn');

/** A site folder as a user has it: index.html and main.js from the README, a model and an image to serve. */
async function writeSite(): Promise<string> {
  // Inside this package, so the bundlers resolve @loupe/* from its node_modules (built, as published).
  mkdirSync(join(checksDir, '.sites'), { recursive: true });
  const dir = mkdtempSync(join(checksDir, '.sites', 'site-'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>Loupe</title></head><body>\n${readmeBlock('browser-html')}</body></html>\n`,
  );
  writeFileSync(join(dir, 'main.js'), readmeBlock('browser-js'));
  const publicDir = join(dir, 'public');
  cpSync(modelDir, join(publicDir, 'models', 'mnist-cnn'), { recursive: true });
  await tf.setBackend('cpu');
  const { images } = await loadMnistSamples({ count: 701 });
  const seven = tf.slice(images, [700, 0, 0, 0], [1, 28, 28, 1]); // the samples hold 100 per class, in order
  mkdirSync(join(publicDir, 'img'));
  writeFileSync(join(publicDir, 'img', 'digit.png'), await encodePng(seven));
  tf.dispose([images, seven]);
  return dir;
}

/** Text only backend-webgpu's Node entry holds (Dawn's provider label): a browser bundle must not contain it. */
const DAWN_CODE = /webgpu \(Dawn\)|optional peer dependency `webgpu`/;

/** Every .js file below a folder, concatenated. */
function bundled(dir: string): string {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

interface PageRun {
  console: string[];
  errors: string[];
  /** Non-transparent pixels of the heatmap's canvas. */
  painted: number;
}

/** Opens `url`, waits for the snippet's closing console line and counts what the heatmap painted. */
async function runPage(browser: Browser, url: string): Promise<PageRun> {
  const page = await browser.newPage();
  const consoleLines: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url);
    await page.waitForFunction(
      () => document.querySelector('#map')?.shadowRoot?.querySelector('canvas'),
      null,
      {
        timeout: 120_000,
      },
    );
    await page.waitForFunction(
      () => {
        const canvas = document.querySelector('#map')?.shadowRoot?.querySelector('canvas');
        if (!canvas || canvas.width === 0) return false;
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        return data?.some((v, i) => i % 4 === 3 && v > 0) ?? false;
      },
      null,
      { timeout: 120_000 },
    );
    const painted = await page.evaluate(() => {
      const canvas = document.querySelector('#map')?.shadowRoot?.querySelector('canvas') as HTMLCanvasElement;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
      return count;
    });
    return { console: consoleLines, errors, painted };
  } finally {
    await page.close();
  }
}

describe("the README's browser snippet (issue 17.1)", () => {
  let site: string;
  let browser: Browser;
  const servers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    site = await writeSite();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
    rmSync(join(checksDir, '.sites'), { recursive: true, force: true });
  });

  /** Serves a built folder with `vite preview` (static files, correct MIME types) on 127.0.0.1. */
  async function serve(root: string, outDir: string): Promise<string> {
    const server = await preview({
      configFile: false,
      root,
      logLevel: 'silent',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    servers.push({ close: () => server.close() });
    return server.resolvedUrls?.local[0] ?? '';
  }

  it('builds with zero-config Vite (the wasm binaries emitted) and runs in Chromium on wasm', async () => {
    // configFile: false — no vite.config anywhere; only where to build and how quietly.
    await viteBuild({ configFile: false, root: site, logLevel: 'error', build: { outDir: 'dist-vite' } });
    const assets = readdirSync(join(site, 'dist-vite', 'assets'));
    expect(assets.filter((f) => f.endsWith('.wasm'))).toHaveLength(3);
    expect(bundled(join(site, 'dist-vite', 'assets'))).not.toMatch(DAWN_CODE);
    const run = await runPage(browser, await serve(site, 'dist-vite'));
    expect(run.errors).toEqual([]);
    expect(run.console).toContainEqual(expect.stringMatching(/^wasm: class 7, completeness error -?\d/));
    expect(run.painted).toBeGreaterThan(100);
  });

  it('builds with esbuild --bundle --platform=browser and runs in Chromium', async () => {
    const out = join(site, 'dist-esbuild');
    const esbuild = join(dirname(require.resolve('esbuild/package.json')), 'bin', 'esbuild');
    execFileSync(
      esbuild,
      ['main.js', '--bundle', '--platform=browser', '--format=esm', `--outdir=${out}`, '--log-level=error'],
      { cwd: site, stdio: 'pipe' },
    );
    copyFileSync(join(site, 'index.html'), join(out, 'index.html'));
    cpSync(join(site, 'public'), out, { recursive: true });
    expect(bundled(out)).not.toMatch(DAWN_CODE);
    // esbuild emits no .wasm files and none were copied: as the README says, 'auto' then runs on cpu.
    const run = await runPage(browser, await serve(site, 'dist-esbuild'));
    expect(run.errors).toEqual([]);
    expect(run.console).toContainEqual(expect.stringMatching(/^cpu: class 7, completeness error -?\d/));
    expect(run.painted).toBeGreaterThan(100);
  });
});
