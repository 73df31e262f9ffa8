import { OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, linearModel, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedGradients, gradientShap } from '../src/index.js';
import { disposeAll, images, relErr } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('expectedGradients', () => {
  it('equals (x − b) ⊙ w on a linear model with one reference example, whatever α', async () => {
    const w = [0.5, -2, 1, 3];
    const model = linearModel([w], [0.2]);
    const input = tf.tensor2d([[1, 2, 3, 4]]);
    const baselines = tf.tensor2d([[0.5, 0, -1, 2]]);
    await expectNoTensorLeaks(async () => {
      const a = await expectedGradients(model, input, { target: 0, baselines, samples: 7 });
      expect(relErr(await a.data(), [0.25, -4, 4, 6])).toBeLessThan(1e-5);
      expect(Math.abs((a.meta.convergenceDelta as number[])[0])).toBeLessThan(1e-5);
      return a;
    });
    disposeAll(input, baselines);
  });

  it('on a linear model averages (x − b) over the drawn reference rows', async () => {
    const w = [1, -1];
    const model = linearModel([w]);
    const input = tf.tensor2d([[2, 3]]);
    const baselines = tf.tensor2d([
      [0, 0],
      [1, 1],
      [2, -2],
    ]);
    const a = await expectedGradients(model, input, { target: 0, baselines, samples: 600, seed: 1 });
    const got = await a.data();
    // E[x − b] = [2 − 1, 3 + 1/3] for uniform draws over the three rows.
    expect(got[0]).toBeCloseTo(1, 1);
    expect(got[1]).toBeCloseTo(-(3 + 1 / 3), 1);
    disposeAll(a, input, baselines);
  });

  it('is seeded, independent of batchSize, and gradientShap is the same function', async () => {
    const model = wrapModel(tinyCnn());
    const x = images(2);
    const ref = images(5, 8, 1, 99);
    const a = await expectedGradients(model, x, {
      target: 1,
      baselines: ref,
      samples: 6,
      noise: 0.1,
      seed: 5,
    });
    const b = await gradientShap(model, x, {
      target: 1,
      baselines: ref,
      samples: 6,
      noise: 0.1,
      seed: 5,
      batchSize: 4,
    });
    expect(relErr(await b.data(), await a.data())).toBeLessThan(1e-5);
    await expectNoTensorLeaks(() => expectedGradients(model, x, { target: 1, samples: 3 }));
    disposeAll(a, b, x, ref);
    model.dispose();
  });

  it('rejects reference examples of the wrong shape with OptionError', async () => {
    const model = wrapModel(tinyCnn());
    const x = images(1);
    const bad = tf.zeros([3, 4, 4, 1]);
    expect(
      await expectThrowsWithoutLeaks(() => expectedGradients(model, x, { baselines: bad })),
    ).toBeInstanceOf(OptionError);
    disposeAll(x, bad);
    model.dispose();
  });
});
