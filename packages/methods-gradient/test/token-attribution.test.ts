import { InputValueError, OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenAttribution } from '../src/index.js';

// Synthetic task: a sequence of 8 ids from a vocabulary of 16 (0 = pad, 15 = mask) is positive iff it holds the
// deciding token 7; the classifier embedding → mean pooling → dense must learn that.
const VOCAB = 16;
const LENGTH = 8;
const DECIDER = 7;
let model: tf.Sequential;
let probe: tf.Tensor2D;
let deciderAt: number[];

/** A seeded sequence of noise words (never the decider), some positions padding. */
function noiseSequence(rand: () => number): number[] {
  return Array.from({ length: LENGTH }, () => {
    const r = rand();
    if (r < 0.15) return 0;
    let id = 1 + Math.floor(rand() * 13);
    if (id >= DECIDER) id++;
    return id;
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  let s = 42;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 400; i++) {
    const row = noiseSequence(rand);
    const positive = i % 2 === 0;
    if (positive) row[Math.floor(rand() * LENGTH)] = DECIDER;
    rows.push(row);
    labels.push(positive ? 1 : 0);
  }
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  model = tf.sequential();
  model.add(
    tf.layers.embedding({
      inputDim: VOCAB,
      outputDim: 6,
      inputLength: LENGTH,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: 1 }),
      name: 'embed',
    }),
  );
  model.add(tf.layers.globalAveragePooling1d({ name: 'pool' }));
  model.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(2), name: 'scores' }));
  model.compile({
    optimizer: tf.train.adam(0.05),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const xs = tf.tensor2d(rows, [rows.length, LENGTH], 'int32');
  const ys = tf.tensor1d(labels, 'float32');
  await model.fit(xs, ys, { epochs: 30, batchSize: 50, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);
  const probes = [noiseSequence(rand), noiseSequence(rand), noiseSequence(rand)];
  deciderAt = [2, 5, 7];
  probes.forEach((row, i) => {
    row[deciderAt[i]] = DECIDER;
  });
  probe = tf.tensor2d(probes, [3, LENGTH], 'int32');
}, 60_000);
afterAll(() => probe.dispose());

describe('token attribution on a classifier trained for a deciding token', () => {
  it('the model learned the task (every probe predicted positive)', () => {
    const p = tf.tidy(() => tf.argMax(model.predict(probe) as tf.Tensor, 1).dataSync());
    expect(Array.from(p)).toEqual([1, 1, 1]);
  });

  for (const technique of ['integrated-gradients', 'input-x-gradient', 'deeplift'] as const) {
    it(`${technique}: the deciding token gets the largest score, one score per token`, async () => {
      await expectNoTensorLeaks(async () => {
        const a = await tokenAttribution(model, probe, { technique, target: 1 });
        expect(a.shape).toEqual([3, LENGTH]);
        expect(a.meta.layer).toBe('embed');
        const v = await a.data();
        for (let e = 0; e < 3; e++) {
          const row = Array.from(v.slice(e * LENGTH, (e + 1) * LENGTH));
          expect(row.indexOf(Math.max(...row))).toBe(deciderAt[e]);
        }
        return a;
      });
    });
  }

  it('IG and DeepLIFT scores sum to f(ids) − f(all pad) (and all mask), f the target logit', async () => {
    const wrapped = wrapModel(model);
    const logit1 = (ids: tf.Tensor) =>
      tf.tidy(() => tf.slice(wrapped.predict(ids), [0, 1], [-1, 1]).dataSync());
    for (const [baseline, id] of [
      ['pad', 0],
      ['mask', 15],
    ] as const) {
      const ref = tf.fill([3, LENGTH], id, 'int32');
      const fx = logit1(probe);
      const f0 = logit1(ref);
      ref.dispose();
      await expectNoTensorLeaks(async () => {
        const out = [];
        for (const technique of ['integrated-gradients', 'deeplift'] as const) {
          const a = await tokenAttribution(model, probe, {
            technique,
            target: 1,
            baseline,
            maskToken: 15,
            steps: 64,
          });
          const sums = tf.tidy(() => tf.sum(a.values, 1).dataSync());
          for (let e = 0; e < 3; e++) {
            const expected = fx[e] - f0[e];
            expect(Math.abs(sums[e] - expected)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected)));
            expect(a.meta.convergenceDelta?.[e]).toBeCloseTo(sums[e] - expected, 4);
          }
          out.push(a);
        }
        return out;
      });
    }
    wrapped.dispose();
  });

  it('bad input: a token id ≥ the vocabulary, a pad token outside it, a mask baseline without maskToken', async () => {
    const bad = tf.tensor2d([[1, 2, 3, VOCAB, 0, 0, 0, 0]], [1, LENGTH], 'int32');
    expect(await expectThrowsWithoutLeaks(() => tokenAttribution(model, bad))).toBeInstanceOf(
      InputValueError,
    );
    bad.dispose();
    expect(
      await expectThrowsWithoutLeaks(() => tokenAttribution(model, probe, { padToken: VOCAB })),
    ).toBeInstanceOf(InputValueError);
    const noMask = await expectThrowsWithoutLeaks(() => tokenAttribution(model, probe, { baseline: 'mask' }));
    expect(noMask).toBeInstanceOf(OptionError);
    expect(String(noMask)).toMatch(/maskToken/);
  });
});
