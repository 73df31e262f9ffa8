// The 1,000-explanation soak of BENCHMARKS.md ("Soak: <loupe-explainer> memory"): too slow for the test
// suite, which runs a 150-explanation version (test/soak.test.ts). Run: pnpm --filter @loupe/ui-components soak
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openHarness } from '../test/support/browser.js';
import { slope, soak } from '../test/support/soak.js';

const COUNT = Number(process.env.SOAK_COUNT ?? 1000);
const BACKEND = process.env.SOAK_BACKEND ?? 'cpu';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  ({ page } = await openHarness(browser));
});

afterAll(async () => {
  await browser?.close();
});

it(`soak: ${COUNT} explanations through <loupe-explainer> on ${BACKEND}`, async () => {
  const started = performance.now();
  const samples = await soak(page, {
    count: COUNT,
    every: 50,
    backend: BACKEND,
    model: '/models/mnist-cnn/model.json',
    images: inject('digits').map((d) => `/fixtures/${d.file}`),
    methods: ['saliency', 'integrated-gradients', 'smoothgrad'],
    options: { steps: 8, samples: 4 },
  });
  const seconds = (performance.now() - started) / 1000;
  const warm = samples.filter((s) => s.done >= 100);
  const heapSlope = slope(warm.map((s) => ({ x: s.done, y: s.heapBytes })));
  const secondHalf = slope(
    warm.filter((s) => s.done >= COUNT / 2).map((s) => ({ x: s.done, y: s.heapBytes })),
  );
  console.info(
    '| explanations | tensors | tensor bytes | JS memory after GC (MB) | V8 heap (MB) | array buffers (MB) |',
  );
  console.info('| ---: | ---: | ---: | ---: | ---: | ---: |');
  const mb = (b: number) => (b / 1e6).toFixed(3);
  for (const s of samples)
    console.info(
      `| ${s.done} | ${s.numTensors} | ${s.numBytes} | ${mb(s.heapBytes)} | ${mb(s.v8Bytes)} | ${mb(s.arrayBufferBytes)} |`,
    );
  console.info(
    `${COUNT} explanations in ${seconds.toFixed(0)} s; heap slope after 100: ${heapSlope.toFixed(0)} B/explanation, second half: ${secondHalf.toFixed(0)} B/explanation`,
  );
  for (const s of warm) expect(s.numTensors).toBe(warm[0].numTensors);
});
