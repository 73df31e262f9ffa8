import { existsSync } from 'node:fs';
import { wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, tinyCnn } from '@loupe/testing';
import { describeOnBackends } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { guidedIntegratedGradients, integratedGradients, saliency, xrai } from '../src/index.js';
import { relErr } from './fixtures.js';

// Software Vulkan (SwiftShader from Debian's chromium) when no GPU driver is configured.
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER)) process.env.VK_ICD_FILENAMES = SWIFTSHADER;

const model = wrapModel(tinyCnn({ seed: 9 }));
const input = Array.from({ length: 2 * 64 }, (_, i) => ((i * 37) % 64) / 64);

/** Results on cpu, computed first (the cpu suite is declared first), compared on the other backends. */
const reference = new Map<string, Float32Array>();

/** Runs `method` on the current backend; on cpu stores the reference, elsewhere returns it beside. */
async function compare(
  name: string,
  backend: string,
  method: (x: tf.Tensor) => Promise<{ data(): Promise<Float32Array>; dispose(): void }>,
) {
  const x = tf.tensor4d(input, [2, 8, 8, 1]);
  const a = await method(x);
  const values = await a.data();
  a.dispose();
  x.dispose();
  if (backend === 'cpu') reference.set(name, values);
  const cpu = reference.get(name);
  if (!cpu) throw new Error(`Run the cpu suite first: no cpu reference for ${name}.`);
  return { here: values, reference: cpu };
}

await describeOnBackends(
  'gradient methods agree with cpu',
  (backend) => {
    it('saliency', async () => {
      const { here, reference } = await compare('saliency', backend, (x) =>
        saliency(model, x, { target: [1, 2] }),
      );
      expect(relErr(here, reference)).toBeLessThan(1e-3);
      await expectNoTensorLeaks(async () => {
        const x = tf.tensor4d(input, [2, 8, 8, 1]);
        const a = await saliency(model, x, { target: 1 });
        x.dispose();
        return a;
      });
    });
    it('integrated gradients', async () => {
      const { here, reference } = await compare('ig', backend, (x) =>
        integratedGradients(model, x, { target: [0, 3], steps: 16 }),
      );
      expect(relErr(here, reference)).toBeLessThan(1e-3);
    });
    it('guided integrated gradients and XRAI', async () => {
      const guided = await compare('guided-ig', backend, (x) =>
        guidedIntegratedGradients(model, x, { target: [0, 3], steps: 16 }),
      );
      expect(relErr(guided.here, guided.reference)).toBeLessThan(1e-3);
      const regions = await compare('xrai', backend, (x) =>
        xrai(model, x, { target: [0, 3], steps: 8, resize: 0, minSize: 4, minPixelDiff: 4 }),
      );
      expect(relErr(regions.here, regions.reference)).toBeLessThan(1e-3);
    });
  },
  { backends: ['cpu', 'webgpu'] },
);
