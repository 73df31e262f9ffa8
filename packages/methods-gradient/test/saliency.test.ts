import { InputShapeError, InputValueError, wrapModel } from '@loupe/core';
import {
  expectNoTensorLeaks,
  expectThrowsWithoutLeaks,
  finiteDifferenceGradient,
  linearModel,
  tinyCnn,
  tinyReluNet,
} from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inputXGradient, saliency } from '../src/index.js';
import { disposeAll, images, relErr } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('saliency', () => {
  it('equals central finite differences of the target logit on a CNN', async () => {
    const model = wrapModel(tinyCnn());
    const x = images(2);
    await expectNoTensorLeaks(async () => {
      const a = await saliency(model, x, { target: [1, 3] });
      const got = await a.data();
      for (const [e, cls] of [
        [0, 1],
        [1, 3],
      ] as const) {
        const xe = tf.slice(x, e, 1);
        const fd = finiteDifferenceGradient(
          (v) => tf.tidy(() => tf.gather(tf.reshape(model.forwardBatched(v), [-1]), cls)),
          xe,
          { h: 1e-3 },
        );
        const per = fd.length;
        expect(relErr(got.slice(e * per, (e + 1) * per), fd)).toBeLessThan(2e-2);
        xe.dispose();
      }
      expect(a.target).toEqual([1, 3]);
      return a;
    });
    x.dispose();
    model.dispose();
  });

  it('equals finite differences on a smooth MLP to tight tolerance, and abs is its magnitude', async () => {
    const net = tinyReluNet({ features: 6, hidden: 5, outputs: 3, seed: 2 });
    const x = tf.tensor2d([[0.3, -0.2, 0.5, 0.9, -0.7, 0.1]]);
    await expectNoTensorLeaks(async () => {
      const signed = await saliency(net, x, { target: 2 });
      const magnitude = await saliency(net, x, { target: 2, abs: true });
      const fd = finiteDifferenceGradient(
        (v) => tf.tidy(() => tf.slice(net.predict(v) as tf.Tensor, [0, 2], [1, 1])),
        x,
        { h: 1e-3 },
      );
      const s = await signed.data();
      expect(relErr(s, fd)).toBeLessThan(1e-2);
      expect(Array.from(await magnitude.data())).toEqual(Array.from(s, Math.abs));
      return [signed, magnitude];
    });
    x.dispose();
  });

  it('keeps the caller shape for one example without a batch dimension', async () => {
    const x = tf.randomUniform([8, 8, 1], 0, 1, 'float32', 9);
    const model = tinyCnn();
    await expectNoTensorLeaks(async () => {
      const a = await saliency(model, x, { target: 0 });
      expect(a.shape).toEqual([8, 8, 1]);
      return a;
    });
    x.dispose();
  });

  it('does not depend on batchSize', async () => {
    const model = wrapModel(tinyCnn());
    const x = images(5);
    const a = await saliency(model, x, { target: 2, batchSize: 64 });
    const b = await saliency(model, x, { target: 2, batchSize: 2 });
    expect(relErr(await b.data(), await a.data())).toBeLessThan(1e-6);
    disposeAll(a, b, x);
    model.dispose();
  });

  it('rejects a wrong shape and NaN with typed errors, leaking nothing', async () => {
    const model = wrapModel(tinyCnn());
    const wrong = tf.zeros([1, 7, 8, 1]);
    expect(await expectThrowsWithoutLeaks(() => saliency(model, wrong))).toBeInstanceOf(InputShapeError);
    const nan = tf.fill([1, 8, 8, 1], Number.NaN);
    expect(await expectThrowsWithoutLeaks(() => saliency(model, nan))).toBeInstanceOf(InputValueError);
    disposeAll(wrong, nan);
    model.dispose();
  });
});

describe('inputXGradient', () => {
  it('equals w ⊙ x on a linear model (the closed form Captum gives too)', async () => {
    const w = [
      [0.5, -1, 2, 0.25],
      [1, 1, -3, 0],
    ];
    const model = linearModel(w, [0.1, -0.2]);
    const x = tf.tensor2d([
      [1, 2, 3, 4],
      [-1, 0.5, 0.25, 2],
    ]);
    await expectNoTensorLeaks(async () => {
      const a = await inputXGradient(model, x, { target: [0, 1] });
      const got = await a.data();
      const expected = [
        ...w[0].map((wi, i) => wi * [1, 2, 3, 4][i]),
        ...w[1].map((wi, i) => wi * [-1, 0.5, 0.25, 2][i]),
      ];
      expect(relErr(got, expected)).toBeLessThan(1e-6);
      return a;
    });
    x.dispose();
  });
});
