import { InputShapeError, OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, linearModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rise } from '../src/index.js';
import { maxAbsDiff, release } from './helpers.js';

/** Looks only at the top-left 8×8 quadrant of a 16×16 image: its mean brightness. */
const quadrantModel = () =>
  wrapModel(
    (x: tf.Tensor) =>
      tf.tidy(() => tf.reshape(tf.mean(tf.slice(x, [0, 0, 0, 0], [-1, 8, 8, -1]), [1, 2, 3]), [-1, 1])),
    {
      inputShape: [16, 16, 3],
    },
  );

function quadrantMeans(values: Float32Array): number[] {
  const sums = [0, 0, 0, 0];
  for (let y = 0; y < 16; y++)
    for (let x = 0; x < 16; x++) sums[(y >= 8 ? 2 : 0) + (x >= 8 ? 1 : 0)] += values[(y * 16 + x) * 3];
  return sums.map((s) => s / 64);
}

describe('rise', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('concentrates the saliency of a model that looks at one quadrant in that quadrant', async () => {
    const model = quadrantModel();
    const x = tf.ones([16, 16, 3]);
    await expectNoTensorLeaks(async () => {
      const a = await rise(model, x, { masks: 400, gridSize: 4, target: 0, seed: 1 });
      expect(a.shape).toEqual([16, 16, 3]);
      const values = await a.data();
      const [tl, tr, bl, br] = quadrantMeans(values);
      // Outside the quadrant the map is E[f]·E[M]/p ≈ E[f]; inside, f and M are correlated.
      expect(tl - Math.max(tr, bl, br)).toBeGreaterThan(0.05);
      const top = Array.from({ length: 256 }, (_, k) => k)
        .sort((i, j) => values[j * 3] - values[i * 3])
        .slice(0, 64);
      const inside = top.filter((k) => Math.floor(k / 16) < 8 && k % 16 < 8).length;
      expect(inside / 64).toBeGreaterThan(0.8);
      return a;
    });
    x.dispose();
  });

  it('gives E[f(x ⊙ M)·M]/p = 1 everywhere for a constant model (normalised by p)', async () => {
    const model = wrapModel((x: tf.Tensor) => tf.ones([x.shape[0], 1]), { inputShape: [12, 12, 1] });
    const x = tf.ones([12, 12, 1]);
    const a = await rise(model, x, { masks: 3000, gridSize: 3, p: 0.3, target: 0, seed: 2 });
    const values = await a.data();
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.95);
    expect(mean).toBeLessThan(1.05);
    release(a, x);
  });

  it('is reproducible for a seed and independent of the batch size', async () => {
    const model = quadrantModel();
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 4);
    const a = await rise(model, x, { masks: 50, gridSize: 4, target: 0, seed: 9 });
    const b = await rise(model, x, { masks: 50, gridSize: 4, target: 0, seed: 9, batchSize: 7 });
    const c = await rise(model, x, { masks: 50, gridSize: 4, target: 0, seed: 10 });
    expect(maxAbsDiff(await a.data(), await b.data())).toBeLessThan(1e-5);
    expect(maxAbsDiff(await a.data(), await c.data())).toBeGreaterThan(1e-3);
    release(a, b, c, x);
  });

  it('rejects non-image inputs and bad options', async () => {
    const flat = linearModel([[1, 2, 3]]);
    const v = tf.tensor2d([[1, 2, 3]]);
    expect(await expectThrowsWithoutLeaks(() => rise(flat, v, { masks: 4, target: 0 }))).toBeInstanceOf(
      InputShapeError,
    );
    const model = quadrantModel();
    const x = tf.ones([16, 16, 3]);
    for (const opts of [{ masks: 0 }, { p: 0 }, { gridSize: 17 }, { gridSize: 1.5 }]) {
      expect(await expectThrowsWithoutLeaks(() => rise(model, x, { ...opts, target: 0 }))).toBeInstanceOf(
        OptionError,
      );
    }
    release(v, x);
    flat.dispose();
  });
});
