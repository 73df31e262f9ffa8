import { InputShapeError, InputValueError, OptionError } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DensityKind, fitDensityPrior } from '../src/index.js';

/** Correlated 2-D data in two clusters, built from a seeded normal draw. */
function twoClusters(n: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const z = tf.randomNormal([n, 2], 0, 1, 'float32', seed);
    const mixed = tf.matMul(
      z,
      tf.tensor2d([
        [1, 0.8],
        [0, 0.3],
      ]),
    );
    const offset = tf.concat([tf.fill([n / 2, 2], -2), tf.fill([n / 2, 2], 2)]);
    return tf.add(mixed, offset) as tf.Tensor2D;
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('fitDensityPrior', () => {
  it.each(['gaussian-diagonal', 'gaussian-lowrank', 'mixture'] as DensityKind[])(
    '%s integrates to 1 over the plane',
    async (kind) => {
      await expectNoTensorLeaks(async () => {
        const data = twoClusters(200, 1);
        const prior = await fitDensityPrior(data, { kind, rank: 1, components: 2 });
        const step = 0.05;
        const total = tf.tidy(() => {
          const axis = tf.range(-12, 12, step);
          const grid = tf.stack(
            [
              tf.reshape(tf.tile(tf.reshape(axis, [-1, 1]), [1, axis.size]), [-1]),
              tf.tile(axis, [axis.size]),
            ],
            1,
          );
          return tf.mul(tf.sum(tf.exp(prior.logProb(grid))), step * step).dataSync()[0];
        });
        expect(Math.abs(total - 1)).toBeLessThan(0.01);
        prior.dispose();
        data.dispose();
      });
    },
  );

  it('the diagonal Gaussian is the closed form with the data’s mean and variance', async () => {
    const data = tf.tensor2d([
      [0, 1],
      [2, 5],
      [4, 3],
    ]);
    const prior = await fitDensityPrior(data, { minVariance: 1e-9 });
    const mean = [2, 3];
    const variance = [8 / 3, 8 / 3];
    const x = [1, 2];
    const expected = x.reduce(
      (s, v, i) => s - 0.5 * ((v - mean[i]) ** 2 / variance[i] + Math.log(2 * Math.PI * variance[i])),
      0,
    );
    const got = tf.tidy(() => prior.logProb(tf.tensor2d([x])).dataSync()[0]);
    expect(got).toBeCloseTo(expected, 5);
    prior.dispose();
    data.dispose();
  });

  it('a one-component mixture is the diagonal Gaussian', async () => {
    const data = twoClusters(100, 2);
    const diagonal = await fitDensityPrior(data);
    const mixture = await fitDensityPrior(data, { kind: 'mixture', components: 1 });
    const [a, b] = tf.tidy(() => [
      Array.from(diagonal.logProb(data).dataSync()),
      Array.from(mixture.logProb(data).dataSync()),
    ]);
    a.forEach((v, i) => {
      expect(Math.abs(v - b[i])).toBeLessThan(1e-3);
    });
    diagonal.dispose();
    mixture.dispose();
    data.dispose();
  });

  it('held-out likelihood: low-rank beats diagonal on correlated data, a 2-mixture beats one Gaussian on two clusters', async () => {
    const train = twoClusters(400, 3);
    const test = twoClusters(400, 4);
    const mean = async (kind: DensityKind) => {
      const prior = await fitDensityPrior(train, { kind, rank: 1, components: 2, seed: 1 });
      const v = tf.tidy(() => tf.mean(prior.logProb(test)).dataSync()[0]);
      prior.dispose();
      return v;
    };
    const diagonal = await mean('gaussian-diagonal');
    expect(await mean('gaussian-lowrank')).toBeGreaterThan(diagonal + 0.1);
    expect(await mean('mixture')).toBeGreaterThan(diagonal + 0.1);
    train.dispose();
    test.dispose();
  });

  it('is deterministic for a seed', async () => {
    const data = tf.randomUniform([60, 16], 0, 1, 'float32', 9);
    const run = async () => {
      const prior = await fitDensityPrior(data, { kind: 'mixture', components: 4, seed: 7 });
      const v = tf.tidy(() => Array.from(prior.logProb(data).dataSync()));
      prior.dispose();
      return v;
    };
    expect(await run()).toEqual(await run());
    data.dispose();
  });

  it('rejects unusable data and options with typed errors', async () => {
    const data = tf.randomUniform([10, 4]);
    const nan = tf.tensor2d([
      [0, Number.NaN],
      [1, 2],
    ]);
    const one = tf.zeros([1, 4]);
    const ints = tf.zeros([4, 4], 'int32');
    expect(await expectThrowsWithoutLeaks(() => fitDensityPrior(nan))).toBeInstanceOf(InputValueError);
    expect(await expectThrowsWithoutLeaks(() => fitDensityPrior(one))).toBeInstanceOf(InputShapeError);
    expect(await expectThrowsWithoutLeaks(() => fitDensityPrior(ints))).toBeInstanceOf(InputValueError);
    expect(
      await expectThrowsWithoutLeaks(() => fitDensityPrior(data, { kind: 'gaussian-lowrank', rank: 4 })),
    ).toBeInstanceOf(OptionError);
    expect(
      await expectThrowsWithoutLeaks(() => fitDensityPrior(data, { kind: 'mixture', components: 11 })),
    ).toBeInstanceOf(OptionError);
    expect(await expectThrowsWithoutLeaks(() => fitDensityPrior(data, { minVariance: -1 }))).toBeInstanceOf(
      OptionError,
    );
    expect(
      await expectThrowsWithoutLeaks(() => fitDensityPrior(data, { kind: 'kde' as DensityKind })),
    ).toBeInstanceOf(OptionError);
    for (const t of [data, nan, one, ints]) t.dispose();
  });
});
