import { existsSync } from 'node:fs';
import { wrapModel } from '@loupe/core';
import { constNode, expectNoTensorLeaks, graphModelFromNodes, placeholderNode } from '@loupe/testing';
import { describeOnBackends } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { saliency } from '../src/index.js';

// Software Vulkan (SwiftShader from Debian's chromium) when no GPU driver is configured.
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER)) process.env.VK_ICD_FILENAMES = SWIFTSHADER;

/*
 * Regression tests for tfjs gradient kernels that disagree across backends, named by op. The explanation
 * graph routes around each; these pin the fault and the route on every backend.
 *
 * - MaxPool (MaxPoolGrad): tfjs-cpu sends a window's gradient to its first maximum (TensorFlow's rule),
 *   tfjs-wasm to its last. On ReLU → BatchNorm → MaxPool blocks windows are full of ties, which made plain
 *   tf.grad through a trained classifier differ by 51% between the two.
 * - ResizeBilinear with half-pixel centers: tfjs's ResizeBilinearGrad ignores `halfPixelCenters`, so plain
 *   tf.grad through a segmenter's upsampling is not the gradient of its forward.
 */

const MATMUL = { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } };
const list = (values: number[]) => ({ list: { i: values.map(String) } });

/** Input [1, 4, 4, 1] with tied maxima in every window (both 2×2/2 and 3×3/1 'same'). */
const TIED = [1, 1, 0, 2, 1, 1, 2, 2, 3, 0, 5, 5, 3, 3, 5, 5];

/** `x [N, size, size, 1] → MaxPool(k, s, padding) → reshape [N, P] → · w` with `w[p] = p + 1`. */
async function maxPoolModel(k: number, s: number, padding: 'VALID' | 'SAME', size = 4, channels = 1) {
  const out = padding === 'VALID' ? Math.floor((size - k) / s) + 1 : Math.ceil(size / s);
  const cells = out * out * channels;
  const w = tf.tensor2d(
    Array.from({ length: cells }, (_, p) => p + 1),
    [cells, 1],
  );
  const shape = tf.tensor1d([-1, cells], 'int32');
  const model = await graphModelFromNodes(
    [
      placeholderNode('x', [-1, size, size, channels]),
      constNode('w', [cells, 1]),
      constNode('shape', [2], 'int32'),
      {
        name: 'pool',
        op: 'MaxPool',
        input: ['x'],
        attr: {
          T: { type: 'DT_FLOAT' },
          ksize: list([1, k, k, 1]),
          strides: list([1, s, s, 1]),
          padding: { s: btoa(padding) },
          data_format: { s: btoa('NHWC') },
        },
      },
      { name: 'flat', op: 'Reshape', input: ['pool', 'shape'], attr: { T: { type: 'DT_FLOAT' } } },
      { name: 'score', op: 'MatMul', input: ['flat', 'w'], attr: MATMUL },
    ],
    { w, shape },
  );
  tf.dispose([w, shape]);
  return { model, out };
}

/** The gradient under TensorFlow's rule: each window's weight goes to its first maximum (row-major). */
function firstMaxGradient(
  k: number,
  s: number,
  padding: 'VALID' | 'SAME',
  out: number,
  x: readonly number[] = TIED,
  size = 4,
  channels = 1,
): number[] {
  const grad = new Array<number>(size * size * channels).fill(0);
  const before = padding === 'VALID' ? 0 : Math.floor(Math.max((out - 1) * s + k - size, 0) / 2);
  for (let ch = 0; ch < channels; ch++) {
    for (let i = 0; i < out; i++) {
      for (let j = 0; j < out; j++) {
        let best = -1;
        for (let di = 0; di < k; di++) {
          for (let dj = 0; dj < k; dj++) {
            const [r, c] = [i * s + di - before, j * s + dj - before];
            if (r < 0 || c < 0 || r >= size || c >= size) continue;
            const at = (r * size + c) * channels + ch;
            if (best < 0 || x[at] > x[best]) best = at;
          }
        }
        grad[best] += (i * out + j) * channels + ch + 1;
      }
    }
  }
  return grad;
}

/** `x [1, 3, 3, 1] → ResizeBilinear to 5×7 (half-pixel centers) → reshape [N, 35] → · w`. */
async function resizeModel() {
  const w = tf.randomUniform([35, 1], -1, 1, 'float32', 5);
  const size = tf.tensor1d([5, 7], 'int32');
  const shape = tf.tensor1d([-1, 35], 'int32');
  const model = await graphModelFromNodes(
    [
      placeholderNode('x', [-1, 3, 3, 1]),
      constNode('w', [35, 1]),
      constNode('size', [2], 'int32'),
      constNode('shape', [2], 'int32'),
      {
        name: 'up',
        op: 'ResizeBilinear',
        input: ['x', 'size'],
        attr: { T: { type: 'DT_FLOAT' }, align_corners: { b: false }, half_pixel_centers: { b: true } },
      },
      { name: 'flat', op: 'Reshape', input: ['up', 'shape'], attr: { T: { type: 'DT_FLOAT' } } },
      { name: 'score', op: 'MatMul', input: ['flat', 'w'], attr: MATMUL },
    ],
    { w, size, shape },
  );
  tf.dispose([w, size, shape]);
  return model;
}

async function values(t: { data(): Promise<ArrayLike<number>>; dispose(): void }): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

function maxAbsDiff(a: number[], b: number[]): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

await describeOnBackends('tfjs gradient kernels Loupe routes around', (backend) => {
  for (const [k, s, padding] of [
    [2, 2, 'VALID'],
    [3, 1, 'SAME'],
  ] as const) {
    it(`MaxPool ${k}×${k}/${s} ${padding} with tied maxima: saliency routes to the first maximum`, async () => {
      const { model, out } = await maxPoolModel(k, s, padding);
      const wrapped = wrapModel(model, { output: 'raw' });
      const expected = firstMaxGradient(k, s, padding, out);
      const x = tf.tensor4d(TIED, [1, 4, 4, 1]);
      expect(await values(await saliency(wrapped, x, { target: 0, abs: false }))).toEqual(expected);
      if (backend === 'wasm') {
        // The fault itself: tfjs-wasm's MaxPoolGrad sends ties to the last maximum.
        const plain = tf.grad((v: tf.Tensor) => model.execute(v, 'score') as tf.Tensor)(x);
        expect(maxAbsDiff(await values(plain), expected)).toBeGreaterThan(0);
      }
      await expectNoTensorLeaks(() => saliency(wrapped, x, { target: 0 }));
      x.dispose();
      wrapped.dispose();
    });
  }

  for (const [k, s, padding, size, channels] of [
    [2, 2, 'VALID', 7, 3],
    [3, 2, 'VALID', 7, 3],
    [2, 2, 'SAME', 7, 3],
    [3, 2, 'SAME', 7, 3],
    [2, 2, 'VALID', 29, 16],
  ] as const) {
    it(`MaxPool ${k}×${k}/${s} ${padding} on an odd ${size}×${size}×${channels} input (the grid leaves a remainder)`, async () => {
      const { model, out } = await maxPoolModel(k, s, padding, size, channels);
      const wrapped = wrapModel(model, { output: 'raw' });
      const count = size * size * channels;
      const pixels = Array.from({ length: count }, (_, i) => ((i * 37) % 1009) / 1009);
      const x = tf.tensor4d(pixels, [1, size, size, channels]);
      const got = await values(await saliency(wrapped, x, { target: 0, abs: false }));
      expect(got).toEqual(firstMaxGradient(k, s, padding, out, pixels, size, channels));
      x.dispose();
      wrapped.dispose();
    });
  }

  it('ResizeBilinear with half-pixel centers: saliency equals the forward’s exact gradient', async () => {
    const model = await resizeModel();
    const wrapped = wrapModel(model, { output: 'raw' });
    const x = tf.randomUniform([1, 3, 3, 1], 0, 1, 'float32', 8);
    // The model is linear in x, so the gradient is each pixel's unit response, read off the forward.
    const base = (await values(model.execute(x, 'score') as tf.Tensor))[0];
    const exact: number[] = [];
    for (let p = 0; p < 9; p++) {
      const bumped = tf.tidy(() => tf.add(x, tf.reshape(tf.oneHot([p], 9), [1, 3, 3, 1])));
      exact.push((await values(model.execute(bumped, 'score') as tf.Tensor))[0] - base);
      bumped.dispose();
    }
    const loupe = await values(await saliency(wrapped, x, { target: 0, abs: false }));
    expect(maxAbsDiff(loupe, exact)).toBeLessThan(1e-4);
    if (backend === 'cpu') {
      const plain = tf.grad((v: tf.Tensor) => model.execute(v, 'score') as tf.Tensor)(x);
      expect(maxAbsDiff(await values(plain), exact)).toBeGreaterThan(1e-2);
    }
    await expectNoTensorLeaks(() => saliency(wrapped, x, { target: 0 }));
    x.dispose();
    wrapped.dispose();
  });
});
