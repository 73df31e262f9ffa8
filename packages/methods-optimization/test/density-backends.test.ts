import { existsSync } from 'node:fs';
import { describeOnBackends } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { type DensityKind, fitDensityPrior } from '../src/index.js';

// Software Vulkan (SwiftShader from Debian's chromium) when no GPU driver is configured.
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER)) process.env.VK_ICD_FILENAMES = SWIFTSHADER;

// Deterministic correlated data, as a matMul's output so on WebGPU it lives on the GPU.
const raw = Array.from({ length: 64 * 6 }, (_, i) => Math.sin(i * 1.7) + ((i * 13) % 7) / 7);
const data = () =>
  tf.tidy(() => tf.matMul(tf.tensor2d(raw, [64, 6]), tf.add(tf.eye(6), tf.fill([6, 6], 0.3))));

const reference = new Map<DensityKind, Float32Array>();

await describeOnBackends(
  'fitDensityPrior on GPU-resident data (asynchronous reads)',
  (backend) => {
    for (const kind of ['gaussian-diagonal', 'gaussian-lowrank', 'mixture'] as DensityKind[]) {
      it(kind, async () => {
        const x = data();
        const before = tf.memory().numTensors;
        const prior = await fitDensityPrior(x, { kind, rank: 2, components: 2, seed: 5 });
        const logProb = prior.logProb(x);
        const values = (await logProb.data()) as Float32Array;
        logProb.dispose();
        prior.dispose();
        expect(tf.memory().numTensors).toBe(before);
        x.dispose();
        if (backend === 'cpu') reference.set(kind, values);
        const cpu = reference.get(kind) as Float32Array;
        const worst = Math.max(
          ...Array.from(values, (v, i) => Math.abs(v - cpu[i]) / Math.max(1, Math.abs(cpu[i]))),
        );
        expect(worst).toBeLessThan(1e-3);
      });
    }
  },
  { backends: ['cpu', 'webgpu'] },
);
