import { AbortError, InputShapeError, OptionError, SeededRandom, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataRandomization, kar, type LabeledSet, mnistCnnTrainer, roar } from '../src/index.js';
import { gradientMethod as gradient } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 12×12 noise images with a bright 3×3 square on the left (class 0) or right (class 1) half. */
function squares(n: number, seed: number): LabeledSet {
  const r = new SeededRandom(seed);
  const x = new Float32Array(n * 144);
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  labels.forEach((label, i) => {
    for (let p = 0; p < 144; p++) x[i * 144 + p] = 0.2 * r.uniform();
    const top = r.integer(10);
    const left = label === 0 ? r.integer(4) : 6 + r.integer(4);
    for (let y = top; y < top + 3; y++) for (let c = left; c < left + 3; c++) x[i * 144 + y * 12 + c] = 1;
  });
  return { x: tf.tensor4d(x, [n, 12, 12, 1]), labels };
}

describe('ROAR and KAR (Hooker et al. 2019) with the default trainer', () => {
  const train = squares(48, 1);
  const test = squares(24, 2);
  const trainer = mnistCnnTrainer({ epochs: 2, learningRate: 3e-3 });

  it('run end to end on a small subset, seeded, with the random baseline row', async () => {
    const net = await trainer(train, { seed: 5, numClasses: 2 });
    const model = wrapModel(net);
    let result: Awaited<ReturnType<typeof roar>> | null = null;
    await expectNoTensorLeaks(async () => {
      result = await roar(model, { train, test }, gradient, {
        fractions: [0.1, 0.5],
        trainer,
        seed: 3,
        rank: 'absolute',
      });
    });
    const r = result!;
    expect(r.fractions).toEqual([0.1, 0.5]);
    expect(r.rows.map((row) => row.ranking)).toEqual(['function', 'random']);
    for (const row of r.rows)
      for (const acc of row.accuracies) {
        expect(acc).toBeGreaterThanOrEqual(0);
        expect(acc).toBeLessThanOrEqual(1);
      }
    expect(r.unmodifiedAccuracy).toBeGreaterThan(0.5);
    expect(
      await roar(model, { train, test }, gradient, {
        fractions: [0.1, 0.5],
        trainer,
        seed: 3,
        rank: 'absolute',
      }),
    ).toEqual(r);
    const k = await kar(model, { train, test }, gradient, {
      fractions: [0.3],
      trainer,
      seed: 3,
      randomBaseline: false,
    });
    expect(k.rows).toHaveLength(1);
    model.dispose();
    net.dispose();
  });

  it('aborts between retrainings; empty data and mismatched attributions are typed errors', async () => {
    const net = await trainer(train, { seed: 5, numClasses: 2 });
    const model = wrapModel(net);
    const controller = new AbortController();
    const aborted = await expectThrowsWithoutLeaks(() =>
      roar(model, { train, test }, gradient, {
        fractions: [0.5],
        trainer,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    );
    expect(aborted).toBeInstanceOf(AbortError);
    const empty = { x: tf.zeros([0, 12, 12, 1]), labels: [] };
    expect(
      await expectThrowsWithoutLeaks(() => roar(model, { train: empty, test }, gradient)),
    ).toBeInstanceOf(InputShapeError);
    const wrong = { train: tf.zeros([48, 12, 12, 2]), test: tf.zeros([24, 12, 12, 1]) };
    expect(await expectThrowsWithoutLeaks(() => roar(model, { train, test }, wrong))).toBeInstanceOf(
      InputShapeError,
    );
    expect(
      await expectThrowsWithoutLeaks(() => roar(model, { train, test }, gradient, { fractions: [2] })),
    ).toBeInstanceOf(OptionError);
    tf.dispose([empty.x, wrong.train, wrong.test]);
    model.dispose();
    net.dispose();
  });

  it('data randomization retrains on permuted labels with the same trainer', async () => {
    const net = await trainer(train, { seed: 5, numClasses: 2 });
    const model = wrapModel(net);
    const x = tf.slice(test.x, 0, 4);
    await expectNoTensorLeaks(async () => {
      const r = await dataRandomization(model, x, gradient, { train, trainer, seed: 2 });
      for (const v of [r.spearman, r.spearmanAbs, r.ssim, r.hog]) expect(Number.isFinite(v)).toBe(true);
      // Squares left vs right are easy to learn; permuted labels are not (at most memorised).
      expect(r.trueLabelAccuracy).toBeGreaterThan(0.7);
      expect(r.trueLabelAccuracy).toBeGreaterThan(r.randomLabelAccuracy);
    });
    expect(
      await expectThrowsWithoutLeaks(() => dataRandomization(model, x, gradient, {} as never)),
    ).toBeInstanceOf(OptionError);
    x.dispose();
    model.dispose();
    net.dispose();
  });
});
