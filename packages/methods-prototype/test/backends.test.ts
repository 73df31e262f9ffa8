import { existsSync } from 'node:fs';
import { tinyReluNet } from '@loupe/testing';
import { describeOnBackends } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { mmdCritic, nearestPrototypes, project, protoDash } from '../src/index.js';
import { blobs } from './reference.js';

// Software Vulkan (SwiftShader from Debian's chromium) when no GPU driver is configured.
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER)) process.env.VK_ICD_FILENAMES = SWIFTSHADER;

const rows = blobs(45, 4, 61, 3);
const model = tinyReluNet({ features: 4, hidden: 6, outputs: 3, seed: 5 });
const layer = model.layers[0].name;

/** Runs `fn` and checks it left no tensor behind on this backend. */
async function leakFree<T>(fn: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

// Every tensor read in the package is asynchronous, so WebGPU (no synchronous reads of GPU tensors) works.
await describeOnBackends(
  'example-based methods on every backend',
  () => {
    it('MMD-critic: the float32 kernel (tf.matMul on this backend) picks what float64 picks', async () => {
      const exact = await mmdCritic(rows, { prototypes: 3, criticisms: 2 });
      const x = tf.tensor2d(rows.flat(), [rows.length, 4]);
      const f32 = await leakFree(() => mmdCritic(x, { prototypes: 3, criticisms: 2, precision: 'float32' }));
      x.dispose();
      expect(f32.prototypes).toEqual(exact.prototypes);
      expect(f32.criticisms).toEqual(exact.criticisms);
      expect(Math.abs(f32.gamma / exact.gamma - 1)).toBeLessThan(1e-5);
    });

    it('embeds through a layer, projects by PCA and finds nearest prototypes on this backend', async () => {
      const x = tf.tensor2d(rows.flat(), [rows.length, 4]);
      const h = tf.tidy(() => tf.relu(model.layers[0].apply(x) as tf.Tensor));
      const flat = await h.data();
      h.dispose();
      const hidden = rows.map((_, i) => Array.from(flat.subarray(i * 6, (i + 1) * 6)));
      const set = await leakFree(() =>
        mmdCritic(x, { prototypes: 3, criticisms: 2, embed: { model, layer, batchSize: 16 } }),
      );
      const byHand = await mmdCritic(hidden, { prototypes: 3, criticisms: 2 });
      expect(set.prototypes).toEqual(byHand.prototypes);
      const dash = await leakFree(() => protoDash(x, { prototypes: 3 }));
      expect(dash.weights.every((w) => w >= 0)).toBe(true);
      const projection = await leakFree(() => project(x, { method: 'pca', dims: 2 }));
      expect(projection.points).toHaveLength(rows.length);
      const query = tf.tensor2d([rows[7]]);
      const near = await leakFree(() => nearestPrototypes(model, query, set, { data: x, layer, k: 2 }));
      expect(near.neighbours[0]).toHaveLength(2);
      tf.dispose([x, query]);
    });
  },
  { backends: ['cpu', 'wasm', 'webgpu'] },
);
