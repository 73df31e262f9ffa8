import { InputShapeError, OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gini, pointingGame, relevanceMass, relevanceRank, sparseness } from '../src/index.js';
import { uniformTensor } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('localization against masks', () => {
  const model = wrapModel(tinyCnn({ seed: 1 }));
  const x = uniformTensor([2, 8, 8, 1], 1);
  // Example 0: relevance 1 on the mask's 4 pixels (top-left 2×2), 0.5 on two pixels outside, −1 elsewhere.
  // Example 1: its maximum lies outside the mask, two pixels from it.
  const a = tf.tidy(() => {
    const v = new Float32Array(128).fill(-1);
    for (const p of [0, 1, 8, 9]) v[p] = 1;
    v[20] = 0.5;
    v[21] = 0.5;
    for (const p of [0, 1, 8, 9]) v[64 + p] = 0.2;
    v[64 + 3] = 0.9;
    return tf.tensor4d(v, [2, 8, 8, 1]);
  });
  const mask = tf.tidy(() => {
    const m = new Float32Array(128);
    for (const p of [0, 1, 8, 9]) {
      m[p] = 1;
      m[64 + p] = 1;
    }
    return tf.tensor3d(m, [2, 8, 8]);
  });

  it('pointing game: hit, miss, and hit within tolerance', async () => {
    await expectNoTensorLeaks(async () => {
      expect((await pointingGame(model, x, a, { mask })).perExample).toEqual([1, 0]);
      expect((await pointingGame(model, x, a, { mask, tolerance: 2 })).perExample).toEqual([1, 1]);
    });
  });

  it('relevance mass: share of positive relevance inside the mask', async () => {
    const r = await relevanceMass(model, x, a, { mask });
    expect(r.perExample[0]).toBeCloseTo(4 / 5, 6);
    expect(r.perExample[1]).toBeCloseTo(0.8 / 1.7, 6);
  });

  it('relevance rank: the K most relevant positions inside a mask of size K', async () => {
    const r = await relevanceRank(model, x, a, { mask });
    expect(r.perExample[0]).toBe(1);
    expect(r.perExample[1]).toBe(3 / 4);
  });

  it('masks of the wrong shape or missing are typed errors', async () => {
    const wrong = tf.zeros([2, 7, 7]);
    expect(await expectThrowsWithoutLeaks(() => relevanceMass(model, x, a, { mask: wrong }))).toBeInstanceOf(
      InputShapeError,
    );
    expect(await expectThrowsWithoutLeaks(() => pointingGame(model, x, a, {} as never))).toBeInstanceOf(
      OptionError,
    );
    wrong.dispose();
  });
});

describe('sparseness (Gini)', () => {
  it('is 0 for a uniform map and (n − 1)/n for a single spike', () => {
    expect(gini([1, 1, 1, 1])).toBeCloseTo(0, 12);
    expect(gini([0, 0, 0, 5])).toBeCloseTo(3 / 4, 12);
    expect(gini([0, 0, 0, 0])).toBe(0);
    expect(gini([1, 2, 3, 4])).toBeGreaterThan(0);
  });

  it('per example of an attribution', async () => {
    const model = wrapModel(tinyCnn({ seed: 1 }));
    const x = uniformTensor([1, 8, 8, 1], 2);
    const spike = tf.tidy(() =>
      tf
        .oneHot(tf.tensor1d([5], 'int32'), 64)
        .reshape([1, 8, 8, 1])
        .toFloat(),
    );
    expect((await sparseness(model, x, spike)).value).toBeCloseTo(63 / 64, 6);
    tf.dispose([x, spike]);
  });
});
