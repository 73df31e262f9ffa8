import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, openHarness } from './support/browser.js';
import { type SoakSample, slope, soak } from './support/soak.js';

/** Explanations before memory is expected to be flat (caches, compiled kernels, JIT). */
const WARM_UP = 100;

/**
 * Largest heap growth per explanation still called flat. A leak of one explanation's map and picture
 * (28×28 floats and RGBA pixels, 6.3 kB) is above it; what remains after warm-up is the browser's own
 * bookkeeping of each image fetch and JIT code (BENCHMARKS.md, "Soak").
 */
const FLAT_BYTES_PER_EXPLANATION = 4096;

describe('issue 16 item 10: soak — <loupe-explainer> memory stays flat', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launch();
    ({ page, pageErrors } = await openHarness(browser));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('200 explanations on cpu: tf.memory() exactly flat and the JS heap without a trend after warm-up', async () => {
    const images = inject('digits').map((d) => `/fixtures/${d.file}`);
    const samples: SoakSample[] = await soak(page, {
      count: 200,
      every: 20,
      backend: 'cpu',
      model: '/models/mnist-cnn/model.json',
      images,
      methods: ['saliency', 'integrated-gradients', 'smoothgrad'],
      options: { steps: 8, samples: 4 },
    });
    const warm = samples.filter((s) => s.done >= WARM_UP);
    // Every explanation frees all it made: the same tensors (the cached model) after every one.
    for (const s of warm) {
      expect(s.numTensors).toBe(warm[0].numTensors);
      expect(s.numBytes).toBe(warm[0].numBytes);
    }
    // The heap may wobble by a few kB between GCs, but must not grow with the number of explanations.
    const perExplanation = slope(warm.map((s) => ({ x: s.done, y: s.heapBytes })));
    expect(perExplanation).toBeLessThan(FLAT_BYTES_PER_EXPLANATION);
    expect(pageErrors).toEqual([]);
  });
});
