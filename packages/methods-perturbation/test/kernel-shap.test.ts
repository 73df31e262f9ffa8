import { OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, linearModel, tinyReluNet } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { kernelShap } from '../src/index.js';
import { fixedValues, maxAbsDiff, release } from './helpers.js';

/** A nonlinear 3-feature model: f = x0·x1 + max(0, x2 − x0) + 0.5·x1². */
function nonlinear3(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [a, b, c] = tf.split(x, 3, 1);
    return tf.add(tf.add(tf.mul(a, b), tf.relu(tf.sub(c, a))), tf.mul(0.5, tf.square(b)));
  });
}

/** Exact Shapley values by enumerating every coalition (absent features take the baseline). */
function exactShapley(f: (v: number[]) => number, x: number[], baseline: number[]): number[] {
  const m = x.length;
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const value = (bits: number) => f(x.map((v, j) => ((bits >> j) & 1 ? v : baseline[j])));
  return x.map((_, j) => {
    let phi = 0;
    for (let bits = 0; bits < 2 ** m; bits++) {
      if ((bits >> j) & 1) continue;
      const s = bits
        .toString(2)
        .split('')
        .filter((d) => d === '1').length;
      phi += ((fact(s) * fact(m - s - 1)) / fact(m)) * (value(bits | (1 << j)) - value(bits));
    }
    return phi;
  });
}

describe('kernelShap', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('recovers w·(x − baseline) exactly on a linear model with independent features', async () => {
    const w = fixedValues(12, 31);
    const model = linearModel([w], [0.3]);
    const xs = fixedValues(12, 32);
    const base = fixedValues(12, 33);
    const x = tf.tensor2d([xs]);
    const baseline = tf.tensor1d(base);
    await expectNoTensorLeaks(async () => {
      // 12 features: 4094 coalitions exist, 300 are sampled (not exhaustive).
      const a = await kernelShap(model, x, { samples: 300, baseline, target: 0, seed: 5 });
      expect(a.meta.exact).toEqual([false]);
      expect(
        maxAbsDiff(
          await a.data(),
          w.map((wj, j) => wj * (xs[j] - base[j])),
        ),
      ).toBeLessThan(1e-4);
      return a;
    });
    release(x, baseline);
    model.dispose();
  });

  it('matches exact Shapley values by enumeration on a 3-feature nonlinear model', async () => {
    const model = wrapModel(nonlinear3, { inputShape: [3] });
    const xs = [0.9, -0.4, 1.3];
    const base = [0.1, 0.2, -0.5];
    const f = ([a, b, c]: number[]) => a * b + Math.max(0, c - a) + 0.5 * b * b;
    const want = exactShapley(f, xs, base);
    const x = tf.tensor2d([xs]);
    const baseline = tf.tensor1d(base);
    const a = await kernelShap(model, x, { samples: 6, baseline, target: 0 });
    expect(a.meta.exact).toEqual([true]);
    expect(maxAbsDiff(await a.data(), want)).toBeLessThan(1e-5);
    release(a, x, baseline);
  });

  it('holds efficiency to 1e-4 with sampled coalitions on a nonlinear net, per example', async () => {
    const net = tinyReluNet({ features: 14, hidden: 16, outputs: 3, seed: 4 });
    const x = tf.tensor2d([fixedValues(14, 41), fixedValues(14, 42)]);
    const a = await kernelShap(net, x, { samples: 200, target: [0, 2], seed: 9 });
    const values = await a.data();
    const scores = tf
      .tidy(() => net.predict(tf.concat([x, tf.zeros([1, 14])])) as tf.Tensor)
      .arraySync() as number[][];
    const gaps = [scores[0][0] - scores[2][0], scores[1][2] - scores[2][2]];
    for (let i = 0; i < 2; i++) {
      const sum = values.slice(i * 14, (i + 1) * 14).reduce((p, q) => p + q, 0);
      expect(Math.abs(sum - gaps[i])).toBeLessThan(1e-4);
      expect(Math.abs((a.meta.convergenceDelta as number[])[i])).toBeLessThan(1e-6);
    }
    release(a, x);
    net.dispose();
  });

  it('approaches the exact Shapley values of a nonlinear net as the enumerated sizes grow', async () => {
    const net = tinyReluNet({ features: 8, hidden: 12, outputs: 1, seed: 8 });
    const xs = fixedValues(8, 61).map((v) => 2 * v);
    const all = Array.from({ length: 256 }, (_, bits) => xs.map((v, j) => ((bits >> j) & 1 ? v : 0)));
    const table = (tf.tidy(() => net.predict(tf.tensor2d(all))) as tf.Tensor).dataSync();
    const want = exactShapley(
      (v) => table[v.reduce((acc, vj, j) => acc | (vj !== 0 ? 1 << j : 0), 0)],
      xs,
      new Array(8).fill(0),
    );
    const x = tf.tensor2d([xs]);
    const scale = Math.max(...want.map(Math.abs));
    const exact = await kernelShap(net, x, { samples: 254, target: 0 });
    expect(exact.meta.exact).toEqual([true]);
    expect(maxAbsDiff(await exact.data(), want)).toBeLessThan(1e-4 * Math.max(1, scale));
    // 120 of 254: sizes 1 and 7 (16 coalitions) and 2 and 6 (56) are enumerated, the rest sampled.
    const sampled = await kernelShap(net, x, { samples: 120, target: 0, seed: 2 });
    expect(maxAbsDiff(await sampled.data(), want)).toBeLessThan(0.1 * scale);
    release(exact, sampled, x);
    net.dispose();
  });

  it('gives the same result for the same seed and a different one for another seed', async () => {
    const net = tinyReluNet({ features: 14, hidden: 8, outputs: 2, seed: 6 });
    const x = tf.tensor2d([fixedValues(14, 51)]);
    const a = await kernelShap(net, x, { samples: 40, target: 1, seed: 3 });
    const b = await kernelShap(net, x, { samples: 40, target: 1, seed: 3, batchSize: 7 });
    const c = await kernelShap(net, x, { samples: 40, target: 1, seed: 4 });
    expect(maxAbsDiff(await a.data(), await b.data())).toBeLessThan(1e-6);
    expect(maxAbsDiff(await a.data(), await c.data())).toBeGreaterThan(1e-6);
    release(a, b, c, x);
    net.dispose();
  });

  it('works on feature groups from an integer mask', async () => {
    const w = [1, 2, 3, 4, 5, 6];
    const model = linearModel([w]);
    const x = tf.tensor2d([[1, 1, 1, 1, 1, 1]]);
    const featureMask = tf.tensor1d([0, 0, 7, 7, 7, 2], 'int32');
    const a = await kernelShap(model, x, { featureMask, samples: 10, target: 0 });
    // Groups {0,1}: 3, {5}: 6, {2,3,4}: 12 — each element carries its group's value.
    expect(Array.from(await a.data())).toEqual([3, 3, 12, 12, 12, 6].map((v) => expect.closeTo(v, 4)));
    release(a, x, featureMask);
    model.dispose();
  });

  it('rejects fewer samples than features', async () => {
    const model = linearModel([fixedValues(12, 1)]);
    const x = tf.tensor2d([fixedValues(12, 2)]);
    const err = (await expectThrowsWithoutLeaks(() =>
      kernelShap(model, x, { samples: 11, target: 0 }),
    )) as Error;
    expect(err).toBeInstanceOf(OptionError);
    expect(err.message).toMatch(/at least as many samples as features/);
    x.dispose();
    model.dispose();
  });
});
