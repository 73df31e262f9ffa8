import type { BackendEvent } from '@loupe/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ExplainerErrorDetail, ExplainerResultDetail } from '../src/index.js';
import { launch, openHarness } from './support/browser.js';
import './support/harness-global.js';

interface LossOutcome {
  result?: ExplainerResultDetail;
  error?: ExplainerErrorDetail;
  lost: BackendEvent[];
  destroyedDuring: boolean;
  backendAfter: string;
  millis: number;
}

describe('issue 16 item 10: WebGPU device loss under <loupe-explainer> (SwiftShader)', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launch({ webgpu: true });
    ({ page, pageErrors } = await openHarness(browser));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('device.destroy() mid-explanation: falls back, fires the lost event, re-runs on the next backend — no hang', async () => {
    const [seven] = inject('digits');
    const outcome: LossOutcome = await page.evaluate(
      async ({ src }) => {
        const element = document.createElement('loupe-explainer');
        const lost: BackendEvent[] = [];
        element.addEventListener('loupe-backend-lost', (e) => lost.push((e as CustomEvent).detail));
        const settled = new Promise<{ result?: ExplainerResultDetail; error?: ExplainerErrorDetail }>(
          (resolve) => {
            element.addEventListener('loupe-result', (e) => resolve({ result: (e as CustomEvent).detail }));
            element.addEventListener('loupe-error', (e) => resolve({ error: (e as CustomEvent).detail }));
          },
        );
        // Many small batches, so the device goes away in the middle of the method.
        element.options = { steps: 64, batchSize: 2 };
        const attributes = {
          backend: 'webgpu',
          model: '/models/mnist-cnn/model.json',
          src,
          method: 'integrated-gradients',
        };
        for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, v);
        document.getElementById('stage')?.append(element);
        const started = performance.now();
        // Wait until the method reports progress on webgpu, then destroy its device.
        let destroyedDuring = false;
        for (let i = 0; i < 6000 && !destroyedDuring; i++) {
          const progress = element.shadowRoot?.querySelector('progress');
          if (progress && loupe.tf.getBackend() === 'webgpu') {
            (loupe.tf.backend() as unknown as { device: { destroy(): void } }).device.destroy();
            destroyedDuring = true;
          } else await new Promise((r) => setTimeout(r, 10));
        }
        const timeout = new Promise<{ error: ExplainerErrorDetail }>((resolve) =>
          setTimeout(() => resolve({ error: { message: 'hang: no result within 90 s' } }), 90_000),
        );
        const end = await Promise.race([settled, timeout]);
        return {
          ...end,
          lost,
          destroyedDuring,
          backendAfter: loupe.tf.getBackend(),
          millis: performance.now() - started,
        };
      },
      { src: `/fixtures/${seven.file}` },
    );
    expect(outcome.destroyedDuring).toBe(true);
    expect(outcome.error).toBeUndefined();
    expect(outcome.lost).toHaveLength(1);
    expect(outcome.lost[0]).toMatchObject({ type: 'lost', lost: 'webgpu', name: 'cpu' });
    expect(outcome.lost[0].reason).toMatch(/WebGPU device lost \(destroyed\)/);
    expect(outcome.backendAfter).toBe('cpu');
    expect(outcome.result?.timing.backend).toBe('cpu');
    expect(outcome.result?.prediction.index).toBe(seven.label);
    expect(pageErrors).toEqual([]);
  });
});
