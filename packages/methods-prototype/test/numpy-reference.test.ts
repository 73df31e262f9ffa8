import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mmdCritic } from '../src/index.js';
import type { DataMatrix } from '../src/matrix.js';
import { projectionEmbedding, spreadDigits } from './mnist-digits.js';

// Printed by `python3 bench/mmd_critic_numpy.py --fixture`: the authors' algorithm in numpy (dense
// float64 kernel from one matrix product, np.argmax greedy, np.linalg.inv for the log-det term).
interface NumpySelection {
  gamma: number;
  prototypes: number[];
  criticisms: number[];
  perClass: { label: number; prototypes: number[]; criticisms: number[] }[];
}
const numpy = JSON.parse(
  readFileSync(new URL('./fixtures/numpy-mmd-critic.json', import.meta.url), 'utf8'),
) as Record<'pixels' | 'embedding128' | 'pixels10000', NumpySelection>;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rowsOf = (m: DataMatrix) =>
  Array.from({ length: m.n }, (_, i) => m.values.subarray(i * m.d, (i + 1) * m.d));

/** MMD-critic with the reference's counts (10+5 global, 2+1 per class) checked against `want`. */
async function expectReference(data: DataMatrix, labels: number[], want: NumpySelection, threads?: number) {
  const before = tf.memory().numTensors;
  const r = await mmdCritic(rowsOf(data), {
    prototypes: 10,
    criticisms: 5,
    labels,
    perClass: { prototypes: 2, criticisms: 1 },
    threads,
  });
  expect(tf.memory().numTensors).toBe(before);
  expect(Math.abs(r.gamma / want.gamma - 1)).toBeLessThan(1e-12);
  expect(r.prototypes).toEqual(want.prototypes);
  expect(r.criticisms).toEqual(want.criticisms);
  expect(
    r.perClass?.map((c) => ({ label: c.label, prototypes: c.prototypes, criticisms: c.criticisms })),
  ).toEqual(want.perClass);
}

describe('MMD-critic against the numpy reference on MNIST digits', () => {
  const { pixels, labels } = spreadDigits(1000);
  for (const [name, data] of [
    ['pixels', pixels],
    ['embedding128', projectionEmbedding(pixels, 128)],
  ] as const) {
    it(`1,000 digits, ${name}: the same γ and indices, globally and per class, on 1 and on all threads`, async () => {
      for (const threads of [1, undefined]) await expectReference(data, labels, numpy[name], threads);
    });
  }

  it('all 10,000 digits, pixels: the same γ and indices (float64 kernel of 50 million pairs)', async () => {
    const all = spreadDigits(10_000);
    await expectReference(all.pixels, all.labels, numpy.pixels10000);
  }, 120_000);
});
