import { InputShapeError, InputValueError, OptionError } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mmdCritic, mmdSquared } from '../src/index.js';
import { blobs, denseKernel, medianGamma, referenceMmdCritic } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Two tight clusters of 8 around (0,0) and (10,0), then one outlier far from both.
function clustersAndOutlier(): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < 8; i++) rows.push([0.1 * Math.cos(i), 0.1 * Math.sin(i)]);
  for (let i = 0; i < 8; i++) rows.push([10 + 0.1 * Math.cos(i), 0.1 * Math.sin(i)]);
  rows.push([5, 6]);
  return rows;
}

describe('mmdCritic', () => {
  it('picks one prototype per cluster and the outlier as first criticism', async () => {
    const r = await mmdCritic(clustersAndOutlier(), { prototypes: 2, criticisms: 1 });
    expect(r.prototypes.map((p) => (p < 8 ? 'a' : p < 16 ? 'b' : 'out')).sort()).toEqual(['a', 'b']);
    expect(r.criticisms[0]).toBe(16);
    expect(r.witness[16]).toBe(Math.max(...r.witness));
  });

  it('matches an independent transcription of the reference greedy, index for index', async () => {
    for (const [seed, reg] of [
      [1, 'logdet'],
      [2, 'none'],
      [3, 'logdet'],
    ] as const) {
      const x = blobs(60, 4, seed);
      const r = await mmdCritic(x, { prototypes: 6, criticisms: 5, regularizer: reg });
      const gamma = medianGamma(x);
      expect(r.gamma).toBeCloseTo(gamma, 12);
      expect(r).toMatchObject(referenceMmdCritic(denseKernel(x, gamma), 6, 5, reg));
    }
  });

  it('breaks exact ties toward the lowest index', async () => {
    // Rows 1 and 3 copy rows 0 and 2, so their column sums add the same terms in the same order and
    // tie bit for bit: the lower index must win every tie, in prototypes and criticisms alike.
    const x = [
      [0, 0],
      [0, 0],
      [3, 1],
      [3, 1],
      [9, 9],
    ];
    const r = await mmdCritic(x, {
      prototypes: 1,
      criticisms: 3,
      regularizer: 'none',
      kernel: { gamma: 0.05 },
    });
    expect(r).toMatchObject(referenceMmdCritic(denseKernel(x, 0.05), 1, 3, 'none'));
    expect(r.witness[0]).toBe(r.witness[1]);
    expect(r.witness[2]).toBe(r.witness[3]);
    const order = [...r.prototypes, ...r.criticisms];
    expect(order).toContain(2);
    for (const [first, twin] of [
      [0, 1],
      [2, 3],
    ]) {
      if (order.includes(twin)) {
        expect(order).toContain(first);
        expect(order.indexOf(twin)).toBeGreaterThan(order.indexOf(first));
      }
    }
  });

  it('reports an MMD² that decreases as prototypes cover the clusters and equals the exact MMD²', async () => {
    // Three blobs: each of the first three prototypes covers a new one. (Beyond that the greedy J(S) of
    // Kim et al. is not monotone for an RBF kernel, and neither is MMD²: the 4th prototype may raise it.)
    const x = blobs(45, 3, 7, 2);
    const r = await mmdCritic(x, { prototypes: 6, criticisms: 0 });
    expect(new Set(r.prototypes.slice(0, 3).map((i) => i % 3)).size).toBe(3);
    for (let t = 1; t < 3; t++) expect(r.mmd2[t]).toBeLessThan(r.mmd2[t - 1]);
    expect(r.mmd2[2]).toBeLessThan(r.mmd2[0] / 10);
    for (let t = 0; t < r.mmd2.length; t++)
      expect(r.mmd2[t]).toBeCloseTo(mmdSquared(x, r.prototypes.slice(0, t + 1), { gamma: r.gamma }), 12);
  });

  it('spreads log-det criticisms more than unregularized ones', async () => {
    // A broad blob, plus a tight group of 4 far away (high witness, all alike) and two lone outliers.
    const x = blobs(40, 2, 5, 0.3);
    for (let i = 0; i < 4; i++) x.push([12 + 0.01 * i, 12]);
    x.push([-12, 6], [6, -12]);
    const spread = (idx: number[]) => {
      let s = 0;
      for (const a of idx) for (const b of idx) s += Math.hypot(x[a][0] - x[b][0], x[a][1] - x[b][1]);
      return s / (idx.length * idx.length);
    };
    const none = await mmdCritic(x, { prototypes: 3, criticisms: 3, regularizer: 'none' });
    const logdet = await mmdCritic(x, { prototypes: 3, criticisms: 3, regularizer: 'logdet' });
    expect(spread(logdet.criticisms)).toBeGreaterThan(spread(none.criticisms));
  });

  it('runs each class on its own rows with the global gamma', async () => {
    const x = blobs(60, 3, 11);
    const labels = x.map((_, i) => (i * 7) % 3);
    const r = await mmdCritic(x, {
      prototypes: 3,
      criticisms: 2,
      labels,
      perClass: { prototypes: 2, criticisms: 1 },
    });
    expect(r.perClass?.map((c) => c.label)).toEqual([0, 1, 2]);
    for (const c of r.perClass ?? []) {
      for (const i of [...c.prototypes, ...c.criticisms]) expect(labels[i]).toBe(c.label);
      const local = referenceMmdCritic(
        denseKernel(
          c.rows.map((i) => x[i]),
          r.gamma,
        ),
        2,
        1,
        'logdet',
      );
      expect(c.prototypes).toEqual(local.prototypes.map((i) => c.rows[i]));
      expect(c.criticisms).toEqual(local.criticisms.map((i) => c.rows[i]));
    }
  });

  it('is deterministic and leaks no tensors for tensor input', async () => {
    const x = tf.tensor(blobs(50, 6, 13).flat(), [50, 2, 3]);
    let first: number[] = [];
    await expectNoTensorLeaks(async () => {
      const r = await mmdCritic(x, { prototypes: 4, criticisms: 3 });
      first = [...r.prototypes, ...r.criticisms];
    });
    const again = await mmdCritic(x, { prototypes: 4, criticisms: 3 });
    expect([...again.prototypes, ...again.criticisms]).toEqual(first);
    x.dispose();
  });

  it('float32 and Nyström paths agree with float64 on well-separated data', async () => {
    const x = blobs(90, 3, 17, 3);
    const exact = await mmdCritic(x, { prototypes: 3, criticisms: 2 });
    const f32 = await mmdCritic(x, { prototypes: 3, criticisms: 2, precision: 'float32' });
    expect(f32.prototypes).toEqual(exact.prototypes);
    expect([exact.precision, f32.precision]).toEqual(['float64', 'float32']);
    expect(f32.gamma).toBeCloseTo(exact.gamma, 5);
    const approx = await mmdCritic(x, { prototypes: 3, criticisms: 2, maxExactRows: 50, landmarks: 40 });
    expect(approx.approximation?.method).toBe('nystrom');
    expect(approx.approximation?.colsumMaxRelativeError).toBeLessThan(0.05);
    expect(approx.approximation?.gammaFromSample).toBe(true);
    expect(new Set(approx.prototypes.map((i) => i % 3))).toEqual(new Set([0, 1, 2]));
  });

  it('rejects bad input with typed errors', async () => {
    const x = blobs(10, 2, 19);
    const fails = (data: Parameters<typeof mmdCritic>[0], options: Parameters<typeof mmdCritic>[1]) =>
      expectThrowsWithoutLeaks(() => mmdCritic(data, options));
    expect(await fails(x, { prototypes: 8, criticisms: 3 })).toBeInstanceOf(OptionError);
    expect(await fails([...x, [Number.NaN, 1]], { prototypes: 2, criticisms: 1 })).toBeInstanceOf(
      InputValueError,
    );
    expect(await fails(x, { prototypes: 2, labels: [0, 1], perClass: true })).toBeInstanceOf(InputShapeError);
    const labels = x.map((_, i) => (i < 9 ? 0 : 1));
    expect(
      await fails(x, { prototypes: 2, criticisms: 1, labels, perClass: { prototypes: 1, criticisms: 1 } }),
    ).toBeInstanceOf(OptionError);
    expect(await fails(x, { perClass: true })).toBeInstanceOf(OptionError);
    expect(await fails(x, { prototypes: 2, kernel: { gamma: -1 } })).toBeInstanceOf(OptionError);
    expect(await fails([[1, 2], [3]], { prototypes: 1 })).toBeInstanceOf(InputShapeError);
    const nanTensor = tf.tensor2d([1, Number.NaN, 3, 4], [2, 2]);
    expect(await fails(nanTensor, { prototypes: 1, criticisms: 0 })).toBeInstanceOf(InputValueError);
    nanTensor.dispose();
  });
});
