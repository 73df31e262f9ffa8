import { TargetError } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, tinyFunctionalModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { deconvnet, guidedBackprop, saliency } from '../src/index.js';
import { disposeAll, reluThenDense } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const w = [0.5, -2, 1, -3, 0.75, 2];
const input = [1.5, 2, -1, 3, -0.5, 0];
const positive = (v: number) => Math.max(0, v);

describe('guidedBackprop and deconvnet', () => {
  it('guided backprop is zero where the forward ReLU was inactive and relu(w) where active', async () => {
    const model = reluThenDense(w);
    const x = tf.tensor2d([input]);
    await expectNoTensorLeaks(async () => {
      const a = await guidedBackprop(model, x, { target: 0 });
      expect(Array.from(await a.data())).toEqual(input.map((v, i) => (v > 0 ? positive(w[i]) : 0)));
      return a;
    });
    x.dispose();
  });

  it('deconvnet passes relu(upstream) whatever the forward input was', async () => {
    const model = reluThenDense(w);
    const x = tf.tensor2d([input]);
    await expectNoTensorLeaks(async () => {
      const a = await deconvnet(model, x, { target: 0 });
      expect(Array.from(await a.data())).toEqual(w.map(positive));
      return a;
    });
    x.dispose();
  });

  it('handles ReLU6 (mask 0 < x < 6) and LeakyReLU (α below 0; deconvnet leaks the signal)', async () => {
    const x = tf.tensor2d([[7, 2, -1, 3, -0.5, 0.1]]);
    const relu6 = reluThenDense(w, 'relu6');
    const g6 = await guidedBackprop(relu6, x, { target: 0 });
    expect(Array.from(await g6.data())).toEqual([0, 0, 0, 0, 0, 2]);
    const leaky = reluThenDense(w, 'leakyRelu');
    const gl = await guidedBackprop(leaky, x, { target: 0 });
    expect(Array.from(await gl.data())).toEqual(
      [0.5, 0, 1 * 0.2, 0, 0.75 * 0.2, 2].map((v) => Math.fround(v)),
    );
    const dl = await deconvnet(leaky, x, { target: 0 });
    expect(Array.from(await dl.data())).toEqual(w.map((v) => Math.fround(v > 0 ? v : 0.2 * v)));
    disposeAll(x, g6, gl, dl);
  });

  it('restores the normal ReLU gradients afterwards, also after an error', async () => {
    const model = reluThenDense(w);
    const x = tf.tensor2d([input]);
    const plain = await saliency(model, x, { target: 0 });
    const expected = input.map((v, i) => Math.fround(v > 0 ? w[i] : 0));
    expect(Array.from(await plain.data())).toEqual(expected);
    const badTarget = (s: tf.Tensor) => tf.reshape(s, [-1, 1]);
    const err = await expectThrowsWithoutLeaks(() => guidedBackprop(model, x, { target: badTarget }));
    expect(err).toBeInstanceOf(TargetError);
    const after = await saliency(model, x, { target: 0 });
    expect(Array.from(await after.data())).toEqual(expected);
    await expectNoTensorLeaks(() => deconvnet(model, x, { target: 0 }));
    const again = await saliency(model, x, { target: 0 });
    expect(Array.from(await again.data())).toEqual(expected);
    disposeAll(x, plain, after, again);
  });

  it('runs on a functional model with ReLU6, LeakyReLU, residuals and a nested model', async () => {
    const model = tinyFunctionalModel();
    const x = tf.randomUniform([2, 8, 8, 2], 0, 1, 'float32', 4);
    await expectNoTensorLeaks(async () => {
      const a = await guidedBackprop(model, x, { target: 1 });
      expect(a.shape).toEqual([2, 8, 8, 2]);
      expect((await a.data()).every(Number.isFinite)).toBe(true);
      return a;
    });
    x.dispose();
  });
});
