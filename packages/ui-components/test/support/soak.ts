import type { CDPSession, Page } from 'playwright-core';
import './harness-global.js';

/** Memory after `done` explanations: tfjs's tensors and bytes, and the JS heap after a full GC. */
export interface SoakSample {
  done: number;
  numTensors: number;
  numBytes: number;
  /**
   * JS memory in use after `HeapProfiler.collectGarbage`, bytes (`Runtime.getHeapUsage`): V8's heap plus
   * array-buffer backing stores plus Blink's heap.
   */
  heapBytes: number;
  /** V8's own heap (objects, strings, code), bytes. */
  v8Bytes: number;
  /** Array-buffer backing stores (typed arrays, tensors' data on cpu), bytes. */
  arrayBufferBytes: number;
}

/** What one soak run explains: one `<loupe-explainer>` cycling through the images and methods. */
export interface SoakPlan {
  count: number;
  /** Explanations between samples. */
  every: number;
  backend: string;
  model: string;
  images: readonly string[];
  methods: readonly string[];
  /** Options for every call (e.g. `{ steps: 8 }`). */
  options?: Record<string, unknown>;
}

async function sample(page: Page, cdp: CDPSession, done: number): Promise<SoakSample> {
  await cdp.send('HeapProfiler.collectGarbage');
  // backingStorageSize (array buffers: tensors' data, maps, pixels) and embedderHeapUsedSize (Blink
  // objects such as ImageData) are outside V8's own heap; a leak of typed arrays shows only there.
  const usage = (await cdp.send('Runtime.getHeapUsage')) as {
    usedSize: number;
    backingStorageSize?: number;
    embedderHeapUsedSize?: number;
  };
  const memory = await page.evaluate(() => loupe.tf.memory());
  return {
    done,
    numTensors: memory.numTensors,
    numBytes: memory.numBytes,
    heapBytes: usage.usedSize + (usage.backingStorageSize ?? 0) + (usage.embedderHeapUsedSize ?? 0),
    v8Bytes: usage.usedSize,
    arrayBufferBytes: usage.backingStorageSize ?? 0,
  };
}

/**
 * Runs `plan.count` explanations through one `<loupe-explainer>` on a harness page, changing the image
 * and the method each time (each change starts a new explanation), and samples memory every
 * `plan.every` explanations (and before the first). Throws on any `loupe-error`.
 */
export async function soak(page: Page, plan: SoakPlan): Promise<SoakSample[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await page.evaluate(
    ({ backend, model, options }) => {
      const element = document.createElement('loupe-explainer');
      element.id = 'soak';
      element.options = options;
      element.setAttribute('backend', backend);
      element.setAttribute('model', model);
      document.getElementById('stage')?.append(element);
    },
    { backend: plan.backend, model: plan.model, options: plan.options ?? {} },
  );
  const samples = [await sample(page, cdp, 0)];
  for (let done = 0; done < plan.count; ) {
    const batch = Math.min(plan.every, plan.count - done);
    await page.evaluate(
      async ({ from, batch, images, methods }) => {
        const element = document.getElementById('soak') as InstanceType<typeof loupe.ui.LoupeExplainer>;
        for (let i = from; i < from + batch; i++) {
          const result = new Promise<void>((resolve, reject) => {
            const ok = () => {
              element.removeEventListener('loupe-error', fail);
              resolve();
            };
            const fail = (e: Event) => {
              element.removeEventListener('loupe-result', ok);
              reject(new Error((e as CustomEvent<{ message: string }>).detail.message));
            };
            element.addEventListener('loupe-result', ok, { once: true });
            element.addEventListener('loupe-error', fail, { once: true });
          });
          element.setAttribute('method', methods[i % methods.length]);
          element.setAttribute('src', images[i % images.length]);
          await result;
        }
      },
      { from: done, batch, images: plan.images, methods: plan.methods },
    );
    done += batch;
    samples.push(await sample(page, cdp, done));
  }
  await cdp.detach();
  return samples;
}

/** Least-squares slope of `y` against `x` (units of y per unit of x). */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}
