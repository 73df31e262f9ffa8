import { OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, linearModel, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integratedGradients, QUADRATURE_RULES } from '../src/index.js';
import { disposeAll, images, relErr, smoothCnn } from './fixtures.js';

let cnn: ReturnType<typeof wrapModel>;
let x: tf.Tensor4D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  cnn = wrapModel(tinyCnn({ seed: 4 }));
  x = images(2, 8, 1, 11);
});
afterAll(() => {
  x.dispose();
  cnn.dispose();
});

async function delta(
  options: Parameters<typeof integratedGradients>[2],
): Promise<{ delta: number[]; expected: number[] }> {
  const a = await integratedGradients(cnn, x, { target: [0, 2], ...options });
  const d = a.meta.convergenceDelta as number[];
  const sums = tf.tidy(() => tf.sum(tf.reshape(a.values, [2, -1]), 1));
  const s = Array.from(await sums.data());
  disposeAll(a, sums);
  return { delta: d, expected: s.map((v, i) => v - d[i]) };
}

describe('integratedGradients', () => {
  it('equals (x − x₀) ⊙ w on a linear model for every quadrature', async () => {
    const w = [[0.5, -1, 2, 0.25]];
    const model = linearModel(w, [0.3]);
    const input = tf.tensor2d([[1, 2, 3, 4]]);
    const baseline = tf.tensor1d([0.5, -1, 0, 2]);
    for (const quadrature of QUADRATURE_RULES) {
      await expectNoTensorLeaks(async () => {
        const a = await integratedGradients(model, input, { baseline, steps: 3, quadrature, target: 0 });
        expect(relErr(await a.data(), [0.25, -3, 6, 0.5])).toBeLessThan(1e-6);
        expect(Math.abs((a.meta.convergenceDelta as number[])[0])).toBeLessThan(1e-5);
        return a;
      });
    }
    disposeAll(input, baseline);
  });

  it('is complete within 1% at 50 Gauss–Legendre steps on a ReLU/max-pool CNN (predicted class), without leaking', async () => {
    const big = tf.mul(x, 3);
    await expectNoTensorLeaks(async () => {
      const a = await integratedGradients(cnn, big, { steps: 50 });
      const d = a.meta.convergenceDelta as number[];
      const sums = tf.tidy(() => tf.sum(tf.reshape(a.values, [2, -1]), 1));
      const s = Array.from(await sums.data());
      sums.dispose();
      d.forEach((v, i) => {
        expect(Math.abs(v)).toBeLessThan(0.01 * Math.abs(s[i] - v));
      });
      expect(a.meta.steps).toBe(50);
      expect(a.meta.quadrature).toBe('gauss-legendre');
      return a;
    });
    big.dispose();
  });

  it('is complete to 1e-4 at 50 Gauss–Legendre steps on a smooth CNN', async () => {
    const smooth = smoothCnn();
    await expectNoTensorLeaks(async () => {
      const a = await integratedGradients(smooth, x, { target: [0, 2], steps: 50 });
      const d = a.meta.convergenceDelta as number[];
      const sums = tf.tidy(() => tf.sum(tf.reshape(a.values, [2, -1]), 1));
      const s = Array.from(await sums.data());
      sums.dispose();
      d.forEach((v, i) => {
        expect(Math.abs(v)).toBeLessThan(1e-4 * Math.max(1e-2, Math.abs(s[i] - v)));
      });
      return a;
    });
  });

  it('converges as steps grow (Gauss–Legendre and trapezoid)', async () => {
    for (const quadrature of ['gauss-legendre', 'riemann-trapezoid'] as const) {
      const errors: number[] = [];
      for (const steps of [4, 16, 64]) {
        const { delta: d } = await delta({ steps, quadrature });
        errors.push(Math.max(...d.map(Math.abs)));
      }
      expect(errors[2]).toBeLessThan(errors[0]);
      expect(errors[2]).toBeLessThanOrEqual(errors[1] * 1.05);
    }
  });

  it('with tolerance doubles the steps until |delta| ≤ tolerance·|f(x) − f(x₀)|', async () => {
    await expectNoTensorLeaks(async () => {
      const a = await integratedGradients(cnn, x, {
        target: [0, 2],
        steps: 2,
        quadrature: 'riemann-middle',
        tolerance: 0.002,
        maxSteps: 512,
      });
      const steps = a.meta.steps as number;
      expect(steps).toBeGreaterThan(2);
      const { delta: d, expected } = await delta({ steps, quadrature: 'riemann-middle' });
      d.forEach((v, i) => {
        expect(Math.abs(v)).toBeLessThanOrEqual(0.002 * Math.abs(expected[i]));
      });
      return a;
    });
  });

  it('accepts the API name `method` for the quadrature in direct calls', async () => {
    const a = await integratedGradients(cnn, x, { target: 1, steps: 4, method: 'riemann-left' });
    expect(a.meta.quadrature).toBe('riemann-left');
    a.dispose();
  });

  it('averages several baselines, and supports the named ones', async () => {
    const b1 = tf.zeros([8, 8, 1]);
    const b2 = tf.fill([8, 8, 1], 0.5);
    const one = await integratedGradients(cnn, x, { target: 1, baseline: b1, steps: 8 });
    const two = await integratedGradients(cnn, x, { target: 1, baseline: b2, steps: 8 });
    await expectNoTensorLeaks(async () => {
      const both = await integratedGradients(cnn, x, { target: 1, baseline: [b1, b2], steps: 8 });
      const mean = tf.tidy(() => tf.div(tf.add(one.values, two.values), 2));
      expect(relErr(await both.data(), mean.dataSync())).toBeLessThan(1e-5);
      mean.dispose();
      return both;
    });
    for (const baseline of ['uniform', 'blur', 'mean'] as const) {
      await expectNoTensorLeaks(async () => {
        const a = await integratedGradients(cnn, x, { target: 1, baseline, steps: 32, batchSize: 40 });
        const d = a.meta.convergenceDelta as number[];
        expect(d.every(Number.isFinite)).toBe(true);
        return a;
      });
    }
    disposeAll(b1, b2, one, two);
  });

  it('does not depend on batchSize (steps × examples flattened)', async () => {
    const a = await integratedGradients(cnn, x, { target: [3, 1], steps: 20, batchSize: 64 });
    const b = await integratedGradients(cnn, x, { target: [3, 1], steps: 20, batchSize: 7 });
    expect(relErr(await b.data(), await a.data())).toBeLessThan(1e-5);
    disposeAll(a, b);
  });

  it('rejects a baseline of the wrong shape and steps < 1 with OptionError', async () => {
    const bad = tf.zeros([4, 4, 1]);
    const err = await expectThrowsWithoutLeaks(() => integratedGradients(cnn, x, { baseline: bad }));
    expect(err).toBeInstanceOf(OptionError);
    expect((err as Error).message).toMatch(/\[8, 8, 1\]/);
    expect(await expectThrowsWithoutLeaks(() => integratedGradients(cnn, x, { steps: 0 }))).toBeInstanceOf(
      OptionError,
    );
    expect(
      await expectThrowsWithoutLeaks(() => integratedGradients(cnn, x, { baseline: [] })),
    ).toBeInstanceOf(OptionError);
    const flat = tf.zeros([2, 4]);
    const linear = linearModel([[1, 2, 3, 4]]);
    expect(
      await expectThrowsWithoutLeaks(() => integratedGradients(linear, flat, { baseline: 'blur' })),
    ).toBeInstanceOf(OptionError);
    disposeAll(bad, flat);
  });
});
