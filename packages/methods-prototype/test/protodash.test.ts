import { OptionError } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mmdSquared, protoDash } from '../src/index.js';
import { blobs, denseKernel } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Best non-negative weights for a fixed subset by enumerating every support: on each support T solve
// K_TT·w = μ_T; keep feasible (w > 0) solutions and take the largest f(w) = wᵀμ − ½wᵀKw.
function bestWeights(K: number[][], mu: number[], subset: number[]): { value: number; weights: number[] } {
  let best = { value: 0, weights: subset.map(() => 0) };
  for (let mask = 1; mask < 1 << subset.length; mask++) {
    const t = subset.filter((_, i) => mask & (1 << i));
    const a = t.map((i) => t.map((j) => K[i][j]));
    const b = t.map((i) => mu[i]);
    // Gaussian elimination (t is 1–3 long).
    for (let c = 0; c < t.length; c++) {
      for (let r = c + 1; r < t.length; r++) {
        const f = a[r][c] / a[c][c];
        for (let k = c; k < t.length; k++) a[r][k] -= f * a[c][k];
        b[r] -= f * b[c];
      }
    }
    const w = new Array<number>(t.length).fill(0);
    for (let c = t.length - 1; c >= 0; c--) {
      let s = b[c];
      for (let k = c + 1; k < t.length; k++) s -= a[c][k] * w[k];
      w[c] = s / a[c][c];
    }
    if (w.some((v) => v <= 0)) continue;
    let value = 0;
    t.forEach((i, p) => {
      value += w[p] * mu[i];
      t.forEach((j, q) => {
        value -= 0.5 * w[p] * K[i][j] * w[q];
      });
    });
    if (value > best.value)
      best = { value, weights: subset.map((i) => (t.includes(i) ? w[t.indexOf(i)] : 0)) };
  }
  return best;
}

describe('protoDash', () => {
  it('has non-negative weights and reaches the brute-force optimal MMD² on tiny data', async () => {
    const x = blobs(12, 2, 23, 2);
    const gamma = 0.3;
    const r = await protoDash(x, { prototypes: 3, kernel: { gamma } });
    expect(r.prototypes).toHaveLength(3);
    for (const w of r.weights) expect(w).toBeGreaterThanOrEqual(0);
    const K = denseKernel(x, gamma);
    const mu = K.map((row) => row.reduce((s, v) => s + v, 0) / x.length);
    // Brute force over every 3-subset with its optimal weights.
    let best = 0;
    for (let a = 0; a < 12; a++)
      for (let b = a + 1; b < 12; b++)
        for (let c = b + 1; c < 12; c++) best = Math.max(best, bestWeights(K, mu, [a, b, c]).value);
    const mmdAt = (value: number) => K.flat().reduce((s, v) => s + v, 0) / 144 - 2 * value;
    const own = mmdSquared(x, r.prototypes, { gamma, weights: r.weights });
    expect(own).toBeCloseTo(r.mmd2[2], 12);
    expect(own).toBeCloseTo(mmdAt(best), 6);
    // The weights are the exact optimum for the chosen prototypes.
    const forSet = bestWeights(K, mu, r.prototypes);
    forSet.weights.forEach((w, i) => {
      expect(r.weights[i]).toBeCloseTo(w, 10);
    });
  });

  it('never increases MMD² as prototypes are added, and picks clusters first', async () => {
    const x = blobs(60, 3, 29, 3);
    const r = await protoDash(x, { prototypes: 6 });
    for (let t = 1; t < r.mmd2.length; t++) expect(r.mmd2[t]).toBeLessThanOrEqual(r.mmd2[t - 1] + 1e-15);
    expect(new Set(r.prototypes.slice(0, 3).map((i) => i % 3)).size).toBe(3);
  });

  it('explains a separate target set with prototypes from the data', async () => {
    const x = blobs(30, 2, 31, 3);
    const target = x.filter((_, i) => i % 3 === 1);
    const r = await protoDash(x, { prototypes: 2, target, kernel: { gamma: 0.5 } });
    expect(r.prototypes.every((i) => i % 3 === 1)).toBe(true);
  });

  it('is deterministic, leaks nothing and rejects bad options', async () => {
    const x = tf.tensor2d(blobs(20, 3, 37).flat(), [20, 3]);
    let first: number[] = [];
    await expectNoTensorLeaks(async () => {
      first = (await protoDash(x, { prototypes: 4 })).prototypes;
    });
    expect((await protoDash(x, { prototypes: 4 })).prototypes).toEqual(first);
    expect(await expectThrowsWithoutLeaks(() => protoDash(x, { prototypes: 21 }))).toBeInstanceOf(
      OptionError,
    );
    expect(
      await expectThrowsWithoutLeaks(() => protoDash(x, { prototypes: 2, target: [[1, 2]] })),
    ).toBeInstanceOf(OptionError);
    x.dispose();
  });
});
