import { existsSync } from 'node:fs';
import { type Attribution, wrapModel } from '@loupe/core';
import { tinyCnn } from '@loupe/testing';
import { describeOnBackends } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { featureAblation, kernelShap, lime, occlusion, rise, superpixelMask } from '../src/index.js';
import { fixedValues } from './helpers.js';

// Software Vulkan (SwiftShader from Debian's chromium) when no GPU driver is configured.
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER)) process.env.VK_ICD_FILENAMES = SWIFTSHADER;

const model = wrapModel(tinyCnn({ seed: 21, size: 8, channels: 3 }));
const pixels = fixedValues(8 * 8 * 3, 22).map((v) => (v + 1) / 2);

type Method = (x: tf.Tensor) => Promise<Attribution>;
const methods: [string, Method][] = [
  // The predicted class (the default target) is read back too.
  ['occlusion', (x) => occlusion(model, x, { window: 3, stride: 2 })],
  // Default SLIC feature mask: the input image is read back to segment it.
  ['featureAblation', (x) => featureAblation(model, x, { target: 1, segments: 6 })],
  ['lime', (x) => lime(model, x, { target: 1, segments: 6, samples: 64, seed: 3 })],
  ['kernelShap', (x) => kernelShap(model, x, { target: 1, segments: 6, samples: 80, seed: 3 })],
  ['rise', (x) => rise(model, x, { masks: 32, gridSize: 4, seed: 3 })],
];

/**
 * The image as the output of a convolution (an identity 1×1 depthwise one), so on WebGPU it lives on the
 * GPU: a fresh tensor4d stays CPU-side, and small elementwise ops are handed to the CPU.
 */
const image = () =>
  tf.tidy(() => tf.depthwiseConv2d(tf.tensor4d(pixels, [1, 8, 8, 3]), tf.ones([1, 1, 3, 1]), 1, 'valid'));

/** cpu results, computed first (the cpu suite is declared first), compared on the other backends. */
const reference = new Map<string, Float32Array>();

await describeOnBackends(
  'perturbation methods agree with cpu',
  (backend) => {
    for (const [name, method] of methods) {
      it(name, async () => {
        const x = image();
        const before = tf.memory().numTensors;
        const a = await method(x);
        const values = (await a.data()) as Float32Array;
        a.dispose();
        expect(tf.memory().numTensors).toBe(before);
        x.dispose();
        if (backend === 'cpu') reference.set(name, values);
        const cpu = reference.get(name);
        if (!cpu) throw new Error(`Run the cpu suite first: no cpu reference for ${name}.`);
        const scale = Math.max(1e-6, ...Array.from(cpu, Math.abs));
        expect(Math.max(...Array.from(values, (v, i) => Math.abs(v - cpu[i])))).toBeLessThan(2e-3 * scale);
      });
    }
    it('superpixelMask', async () => {
      const x = image();
      const mask = await superpixelMask(x, { segments: 6 });
      const ids = await mask.data();
      tf.dispose([x, mask]);
      expect(new Set(ids).size).toBeGreaterThan(1);
    });
  },
  { backends: ['cpu', 'webgpu'] },
);
