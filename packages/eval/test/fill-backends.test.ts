import { existsSync } from 'node:fs';
import { wrapModel } from '@loupe/core';
import { tinyCnn } from '@loupe/testing';
import { describeOnBackends } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { deletion, fillValues } from '../src/index.js';

// Software Vulkan (SwiftShader from Debian's chromium) when no GPU driver is configured.
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER)) process.env.VK_ICD_FILENAMES = SWIFTSHADER;

const model = wrapModel(tinyCnn({ seed: 31 }));
const pixels = Array.from({ length: 64 }, (_, i) => ((i * 29) % 64) / 64);
// An op's output, so on WebGPU the input lives on the GPU (fresh and tiny tensors stay CPU-side).
const image = () =>
  tf.tidy(() => tf.depthwiseConv2d(tf.tensor4d(pixels, [1, 8, 8, 1]), tf.ones([1, 1, 1, 1]), 1, 'valid'));

const reference = new Map<string, Float32Array | number>();

await describeOnBackends(
  'fills and curves on GPU-resident inputs',
  (backend) => {
    it("'uniform' fill over the input's own range (read back asynchronously)", async () => {
      const x = image();
      const fill = await fillValues(model, x, 'uniform', { seed: 4 });
      const values = (await fill.data()) as Float32Array;
      tf.dispose([x, fill]);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...values)).toBeLessThanOrEqual(63 / 64);
      if (backend === 'cpu') reference.set('fill', values);
      expect(Array.from(values)).toEqual(Array.from(reference.get('fill') as Float32Array));
    });
    it('a deletion curve with that fill', async () => {
      const x = image();
      const attribution = tf.tidy(() => tf.abs(tf.sub(x, 0.5)));
      const before = tf.memory().numTensors;
      // Default target: the predicted class, read back asynchronously too.
      const curve = await deletion(model, x, attribution, { fill: 'uniform', steps: 8, seed: 4 });
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, attribution]);
      if (backend === 'cpu') reference.set('auc', curve.auc);
      expect(curve.auc).toBeCloseTo(reference.get('auc') as number, 3);
    });
  },
  { backends: ['cpu', 'webgpu'] },
);
