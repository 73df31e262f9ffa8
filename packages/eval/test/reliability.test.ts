import { InputValueError, MemoryBudgetError, OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, tinyCnn, tinyReluNet } from '@loupe/testing';
import { checkSpec } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deletion,
  type EvaluatorPlugin,
  type ExplainFunction,
  evaluate,
  failedCells,
  infidelity,
  insertion,
  listEvaluators,
  maxSensitivity,
  pixelFlipping,
  registerEvalMetrics,
  sparseness,
} from '../src/index.js';
import { gradientMethod as gradient, uniformTensor } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('issue 16 item 2: probability from logits', () => {
  // Last layer linear: wrapModel reports output 'raw', since nothing says these are logits.
  const net = tinyReluNet({ features: 6, outputs: 3, seed: 3 });
  const x = uniformTensor([1, 6], 4, 0, 1);
  const a = uniformTensor([1, 6], 5, -1, 1);
  afterAll(() => {
    tf.dispose([x, a]);
    net.dispose();
  });

  it("score 'probability' on a 'raw' model is an OptionError that says to declare output: 'logits'", async () => {
    const raw = wrapModel(net);
    expect(raw.output).toBe('raw');
    for (const metric of [deletion, insertion, pixelFlipping]) {
      const err = await expectThrowsWithoutLeaks(() =>
        metric(raw, x, a, { steps: 4, score: 'probability', target: 0 }),
      );
      expect(err).toBeInstanceOf(OptionError);
      expect((err as Error).message).toMatch(/output view is 'raw'.*output: 'logits'/);
    }
    // And a logit of a probabilities view is not a logit either.
    const probs = wrapModel(net, { output: 'probabilities' });
    expect(
      await expectThrowsWithoutLeaks(() => deletion(probs, x, a, { steps: 4, score: 'logit', target: 0 })),
    ).toBeInstanceOf(OptionError);
  });

  it('the default score of a raw model is the raw score, with a warning; declared logits give the softmax probability', async () => {
    const raw = wrapModel(net);
    const logits = tf.tidy(() => raw.predict(x).arraySync() as number[][])[0];
    const curve = await deletion(raw, x, a, { steps: 4, target: 0 });
    expect(curve.score).toBe('logit');
    expect(curve.scores[0]).toBeCloseTo(logits[0], 5);
    expect(curve.warnings?.[0]).toMatch(/raw output, not a probability.*output: 'logits'/);

    const declared = wrapModel(net, { output: 'logits' });
    const p = Math.exp(logits[0]) / logits.reduce((s, v) => s + Math.exp(v), 0);
    const probCurve = await deletion(declared, x, a, { steps: 4, target: 0 });
    expect(probCurve.score).toBe('probability');
    expect(probCurve.scores[0]).toBeCloseTo(p, 5);
    expect(probCurve.warnings).toBeUndefined();

    // evaluate() carries the warning into the cell.
    registerEvalMetrics();
    const table = await evaluate(raw, x, [{ name: 'given', source: a }], ['deletion'], {
      target: 0,
      metricOptions: { deletion: { steps: 4 } },
    });
    expect(table.cells[0].warnings?.[0]).toMatch(/raw output/);
  });
});

/** One 8×8 digit-like input, a map of it and a tiny CNN, shared by the checks of items 4, 5 and 7. */
const cnn = { model: wrapModel(tinyCnn({ seed: 5 })), x: uniformTensor([1, 8, 8, 1], 9) };
const cnnMap = uniformTensor([1, 8, 8, 1], 10, -1, 1);
afterAll(() => {
  tf.dispose([cnn.x, cnnMap]);
  cnn.model.dispose();
});

describe('issue 16 item 4: NaN attributions passed to metrics', () => {
  const { model, x } = cnn;

  it('deletion, infidelity and the other metrics reject a NaN or infinite map with an InputValueError', async () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const data = new Float32Array(64).fill(0.1);
      data[10] = value;
      const map = tf.tensor(data, [1, 8, 8, 1]);
      const nanMethod: ExplainFunction = async (_m, input) => tf.fill(input.shape, value);
      for (const call of [
        () => deletion(model, x, map, { steps: 4 }),
        () => pixelFlipping(model, x, map, { steps: 4 }),
        () => infidelity(model, x, map, { samples: 2 }),
        () => sparseness(model, x, map),
        () => deletion(model, x, nanMethod, { steps: 4 }),
      ]) {
        const err = await expectThrowsWithoutLeaks(call);
        expect(err).toBeInstanceOf(InputValueError);
        expect((err as Error).message).toMatch(/attribution.*NaN or Infinity/);
      }
      map.dispose();
    }
  });
});

describe('issue 16 item 5: wrong defaults that look right (eval steps, patch)', () => {
  const { model, x } = cnn;
  const a = cnnMap;
  it('steps of 0, negative, fractional, huge or NaN, and a bad fractionPerStep, are OptionErrors', async () => {
    for (const steps of [0, -3, 2.5, Number.NaN, 1e6]) {
      const err = await expectThrowsWithoutLeaks(() => deletion(model, x, a, { steps }));
      expect(err).toBeInstanceOf(OptionError);
      expect((err as Error).message).toMatch(/steps must be a whole number from 1 to 10000/);
    }
    for (const fractionPerStep of [0, -0.1, 1.5, Number.NaN]) {
      const err = await expectThrowsWithoutLeaks(() => insertion(model, x, a, { fractionPerStep }));
      expect(err).toBeInstanceOf(OptionError);
    }
    // steps: 1 is the shortest valid curve: both ends, reaching 1.
    const curve = await deletion(model, x, a, { steps: 1 });
    expect(curve.fractions).toEqual([0, 1]);
  });

  it('a patch larger than the image is an OptionError naming the largest that fits', async () => {
    const err = await expectThrowsWithoutLeaks(() => deletion(model, x, a, { steps: 4, patch: 9 }));
    expect(err).toBeInstanceOf(OptionError);
    expect((err as Error).message).toMatch(/patch 9 is larger than the 8×8 image.*at most 8/);
    await expectNoTensorLeaks(() => deletion(model, x, a, { steps: 4, patch: 8 }));
  });
});

describe('issue 16 item 9: one failure throws away the rest', () => {
  const net = tinyCnn({ seed: 8 });
  const x = uniformTensor([2, 8, 8, 1], 5);
  afterAll(() => {
    x.dispose();
    net.dispose();
  });

  it('evaluate records a failing method × metric pair in its cell and keeps every other cell', async () => {
    registerEvalMetrics();
    const broken: ExplainFunction = async () => {
      throw new OptionError('this method cannot explain this model');
    };
    const flaky: EvaluatorPlugin = {
      id: 'always-fails',
      label: 'Always fails',
      description: 'A metric that throws, to test failure isolation.',
      reference: 'none',
      params: {},
      better: 'higher',
      needs: 'attribution',
      evaluate: async () => {
        throw new RangeError('metric blew up');
      },
    };
    let table: Awaited<ReturnType<typeof evaluate>> | null = null;
    await expectNoTensorLeaks(async () => {
      table = await evaluate(
        net,
        x,
        [
          { name: 'gradient', source: gradient },
          { name: 'broken', source: broken },
          // max-sensitivity needs a method: a finished map is an incompatible pair.
          { name: 'given', source: x },
        ],
        ['sparseness', flaky, 'max-sensitivity'],
        { metricOptions: { 'max-sensitivity': { samples: 2 } } },
      );
    });
    const t = table!;
    expect(t.cells).toHaveLength(9);
    const byKey = new Map(t.cells.map((c) => [`${c.method}/${c.metric}`, c]));
    for (const key of ['gradient/sparseness', 'gradient/max-sensitivity', 'given/sparseness']) {
      expect(Number.isFinite(byKey.get(key)?.value)).toBe(true);
      expect(byKey.get(key)?.error).toBeUndefined();
    }
    const failed = failedCells(t).map((c) => `${c.method}/${c.metric}`);
    expect(failed.sort()).toEqual(
      [
        'broken/always-fails',
        'broken/max-sensitivity',
        'broken/sparseness',
        'gradient/always-fails',
        'given/always-fails',
        'given/max-sensitivity',
      ].sort(),
    );
    expect(byKey.get('broken/sparseness')?.error).toEqual({
      name: 'OptionError',
      code: 'option',
      message: 'this method cannot explain this model',
    });
    expect(byKey.get('gradient/always-fails')?.error?.name).toBe('RangeError');
    expect(byKey.get('broken/sparseness')?.value).toBeNull();
    // Unknown ids and bad metric options are still thrown before any work.
    expect(
      await expectThrowsWithoutLeaks(() => evaluate(net, x, ['no-such-method'], ['sparseness'])),
    ).toHaveProperty('code', 'registry');
  });
});

describe('issue 16 item 7: unbounded work (metrics)', () => {
  const { model, x } = cnn;
  const a = cnnMap;
  it('every metric count has a schema maximum, and direct calls enforce it', async () => {
    registerEvalMetrics();
    for (const e of listEvaluators())
      for (const [name, spec] of Object.entries(e.params)) checkSpec(`${e.id}.${name}`, spec);
    for (const call of [
      () => infidelity(model, x, a, { samples: 1e8 }),
      () => maxSensitivity(model, x, gradient, { samples: 1e8 }),
      () => deletion(model, x, a, { batchSize: 1e7 }),
    ]) {
      const err = await expectThrowsWithoutLeaks(call);
      expect(err).toBeInstanceOf(OptionError);
      expect((err as Error).message).toMatch(/must be a whole number from 1 to/);
    }
  });

  it('a curve batch whose estimated memory exceeds the backend is refused with the estimate', async () => {
    const big = tf.zeros([1, 1024, 1024, 3]);
    const map = tf.ones([1, 1024, 1024, 3]);
    const mean = wrapModel((v: tf.Tensor) => tf.mean(v, [1, 2]), { output: 'logits' });
    const err = await expectThrowsWithoutLeaks(() =>
      deletion(mean, big, map, { batchSize: 4096, steps: 4, target: 0 }),
    );
    expect(err).toBeInstanceOf(MemoryBudgetError);
    expect((err as Error).message).toMatch(
      /4096 perturbed copies.*needs about \d+ GB at once.*Lower batchSize/,
    );
    tf.dispose([big, map]);
  });
});
