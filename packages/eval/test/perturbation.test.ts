import { AbortError, InputShapeError, OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, linearModel, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { deletion, insertion, pixelFlipping } from '../src/index.js';
import { uniform, uniformTensor } from './helpers.js';

const F = 200;
const w = uniform(F, 1, -1, 1);
const xs = uniform(F, 2, 0, 1);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('perturbation curves on a linear model', () => {
  it('gradient×input gives the lowest MoRF curve among tested rankings', async () => {
    const model = wrapModel(linearModel([w]));
    const x = tf.tensor1d(xs);
    const rankings: Record<string, number[]> = {
      'gradient×input': w.map((wi, i) => wi * xs[i]),
      gradient: w,
      input: xs,
      random: uniform(F, 3),
      reversed: w.map((wi, i) => -wi * xs[i]),
    };
    const aucs: Record<string, number> = {};
    for (const [name, values] of Object.entries(rankings)) {
      const a = tf.tensor1d(values);
      const result = await pixelFlipping(model, x, a, { steps: 50, fill: 'zero', score: 'logit' });
      aucs[name] = result.morf.auc;
      a.dispose();
    }
    for (const [name, auc] of Object.entries(aucs))
      if (name !== 'gradient×input') expect(aucs['gradient×input']).toBeLessThan(auc);
    // Removing the largest w·x first is optimal pointwise for an additive model: check the closed form.
    const sorted = rankings['gradient×input'].slice().sort((a, b) => b - a);
    const a = tf.tensor1d(rankings['gradient×input']);
    const curve = await deletion(model, x, a, { steps: 50, fill: 'zero', score: 'logit' });
    const total = sorted.reduce((s, v) => s + v, 0);
    curve.fractions.forEach((t, k) => {
      const removed = sorted.slice(0, Math.round(t * F)).reduce((s, v) => s + v, 0);
      expect(curve.scores[k]).toBeCloseTo(total - removed, 4);
    });
    tf.dispose([x, a]);
    model.dispose();
  });

  it("a random ranking's deletion AUC matches the analytic expectation f(x)/2", async () => {
    const model = wrapModel(linearModel([w]));
    const x = tf.tensor1d(xs);
    const f = w.reduce((s, wi, i) => s + wi * xs[i], 0);
    let sum = 0;
    const trials = 40;
    for (let s = 0; s < trials; s++) {
      const a = tf.tensor1d(uniform(F, 100 + s));
      sum += (await deletion(model, x, a, { steps: 100, score: 'logit' })).auc;
      a.dispose();
    }
    // E[score after removing k·F/100 random features] = (1 − k/100)·f, whose trapezoid area is f/2;
    // the tolerance is 4 standard errors of the mean of 40 trials.
    const sd = Math.sqrt(w.reduce((s, wi, i) => s + (wi * xs[i]) ** 2, 0) / 12);
    expect(Math.abs(sum / trials - f / 2)).toBeLessThan((4 * sd) / Math.sqrt(trials));
    x.dispose();
    model.dispose();
  });
});

describe('curves on a CNN', () => {
  const net = tinyCnn({ seed: 5 });
  const model = wrapModel(net);
  const x = uniformTensor([2, 8, 8, 1], 9);

  it('fractions run from 0 to 1 inclusive; steps or fraction per step', async () => {
    const a = uniformTensor([2, 8, 8, 1], 10, -1, 1);
    const c = await deletion(model, x, a, { steps: 8 });
    expect(c.fractions).toEqual([0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1]);
    expect(c.perExample).toHaveLength(2);
    const d = await deletion(model, x, a, { fractionPerStep: 0.3 });
    expect(d.fractions).toEqual([0, 0.3, 0.6, 0.9, 1]);
    // At fraction 0 the copy is the input itself: the score is the predicted class's probability.
    const p = tf.tidy(() => tf.max(tf.softmax(model.predict(x)), 1).arraySync() as number[]);
    expect(c.perExample[0].scores[0]).toBeCloseTo(p[0], 5);
    // Insertion ends at the full image.
    const ins = await insertion(model, x, a, { steps: 4 });
    expect(ins.perExample[1].scores[4]).toBeCloseTo(p[1], 5);
    a.dispose();
  });

  it('every fill and patch mode runs, batched, without leaking tensors; same seed, same result', async () => {
    const a = uniformTensor([2, 8, 8, 1], 11, -1, 1);
    const fill = tf.fill([8, 8, 1], 0.5);
    for (const f of ['zero', 'mean', 'blur', 'uniform', fill] as const) {
      await expectNoTensorLeaks(() =>
        pixelFlipping(model, x, a, { steps: 10, fill: f, patch: 2, batchSize: 3, seed: 4 }),
      );
    }
    const r1 = await pixelFlipping(model, x, a, { steps: 10, fill: 'uniform', seed: 4, rank: 'absolute' });
    const r2 = await pixelFlipping(model, x, a, { steps: 10, fill: 'uniform', seed: 4, rank: 'absolute' });
    expect(r1).toEqual(r2);
    expect(r1.abpc).toBeCloseTo(r1.lerf.auc - r1.morf.auc, 10);
    tf.dispose([a, fill]);
  });

  it('aborts between batches', async () => {
    const a = uniformTensor([2, 8, 8, 1], 12);
    const controller = new AbortController();
    let batches = 0;
    const err = await expectThrowsWithoutLeaks(() =>
      deletion(model, x, a, {
        steps: 20,
        batchSize: 4,
        signal: controller.signal,
        onProgress: () => {},
        fill: { toString: () => 'x' } as never,
      }),
    );
    expect(err).toBeInstanceOf(OptionError);
    const aborted = await expectThrowsWithoutLeaks(() =>
      deletion(model, x, a, {
        steps: 20,
        batchSize: 4,
        signal: controller.signal,
        onProgress: () => {
          batches++;
          controller.abort();
        },
      }),
    );
    expect(aborted).toBeInstanceOf(AbortError);
    expect(batches).toBe(1);
    a.dispose();
  });

  it('rejects an attribution whose shape differs from the input, and empty input', async () => {
    const bad = tf.zeros([2, 8, 8, 2]);
    expect(await expectThrowsWithoutLeaks(() => deletion(model, x, bad))).toBeInstanceOf(InputShapeError);
    const empty = tf.zeros([0, 8, 8, 1]);
    expect(await expectThrowsWithoutLeaks(() => deletion(model, empty, empty))).toBeInstanceOf(
      InputShapeError,
    );
    const zeros = tf.zeros([2, 8, 8, 1]);
    expect(await expectThrowsWithoutLeaks(() => deletion(model, x, zeros, { patch: 0 }))).toBeInstanceOf(
      OptionError,
    );
    tf.dispose([bad, empty, zeros]);
  });
});
