import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mmdCritic } from '../src/index.js';
import { mnistDigits } from './mnist-digits.js';
import { denseKernel, medianGamma, referenceMmdCritic } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('MMD-critic on 200 real MNIST digits', () => {
  it('matches the reference greedy globally and per class, indices inside their class', async () => {
    const { rows, labels } = mnistDigits(20);
    const r = await mmdCritic(rows, {
      prototypes: 10,
      criticisms: 5,
      labels,
      perClass: { prototypes: 2, criticisms: 1 },
    });
    const x = rows.map((row) => Array.from(row));
    expect(r.gamma).toBeCloseTo(medianGamma(x), 12);
    expect(r).toMatchObject(referenceMmdCritic(denseKernel(x, r.gamma), 10, 5, 'logdet'));
    expect(r.perClass).toHaveLength(10);
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
      expect([...c.prototypes, ...c.criticisms]).toEqual(
        [...local.prototypes, ...local.criticisms].map((i) => c.rows[i]),
      );
    }
  });
});
