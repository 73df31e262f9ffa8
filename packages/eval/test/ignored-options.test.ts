// Issue 16, item 3 ("ignored options") for the metrics: a misspelt option of a direct metric call or of
// evaluate()'s metricOptions is an OptionError naming the closest known option, before any work and without
// leaks — `deletion(m, x, a, { stpes: 4 })` used to run silently with 100 steps.
import { OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dataRandomization,
  deletion,
  evaluate,
  infidelity,
  insertion,
  type LabeledSet,
  maxSensitivity,
  modelRandomization,
  pixelFlipping,
  pointingGame,
  registerEvalMetrics,
  relevanceMass,
  relevanceRank,
  roar,
  sparseness,
  type Trainer,
} from '../src/index.js';
import { gradientMethod as gradient, uniformTensor } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerEvalMetrics();
});

describe('ignored options (issue 16.3): metrics', () => {
  const net = tinyCnn({ seed: 6 });
  const model = wrapModel(net);
  const x = uniformTensor([2, 8, 8, 1], 3);
  const a = uniformTensor([2, 8, 8, 1], 4, -1, 1);
  const mask = tf.ones([2, 8, 8]);
  afterAll(() => {
    tf.dispose([x, a, mask]);
    net.dispose();
  });

  it('every direct metric call rejects a misspelt option, naming the closest one', async () => {
    const train: LabeledSet = { x, labels: [0, 1] };
    const calls: [() => Promise<unknown>, RegExp][] = [
      [() => deletion(model, x, a, { stpes: 4 } as never), /"stpes" for 'deletion'\. Did you mean "steps"\?/],
      [() => insertion(model, x, a, { fil: 'zero' } as never), /'insertion'\. Did you mean "fill"\?/],
      [() => pixelFlipping(model, x, a, { patchs: 2 } as never), /Did you mean "patch"\?/],
      [() => infidelity(model, x, a, { sample: 2 } as never), /'infidelity'\. Did you mean "samples"\?/],
      [() => maxSensitivity(model, x, gradient, { raduis: 0.1 } as never), /Did you mean "radius"\?/],
      [() => sparseness(model, x, a, { seeed: 1 } as never), /'sparseness'\. Did you mean "seed"\?/],
      [() => relevanceMass(model, x, a, { mask, tolerance: 1 } as never), /"tolerance" for 'relevance-mass'/],
      [() => relevanceRank(model, x, a, { mask, mask2: mask } as never), /'relevance-rank'/],
      [() => pointingGame(model, x, a, { mask, tolerence: 1 } as never), /Did you mean "tolerance"\?/],
      [() => modelRandomization(model, x, gradient, { mdoe: 'cascading' } as never), /Did you mean "mode"\?/],
      [
        () => dataRandomization(model, x, gradient, { train, numClases: 2 } as never),
        /Did you mean "numClasses"\?/,
      ],
      [() => roar(model, { train, test: train }, gradient, { fraction: [0.5] } as never), /"fractions"/],
    ];
    for (const [call, message] of calls) {
      const err = await expectThrowsWithoutLeaks(call);
      expect(err).toBeInstanceOf(OptionError);
      expect((err as Error).message).toMatch(message);
    }
    // Spelt right, the same calls run (undefined values are ignored, as spread settings often hold them).
    await expectNoTensorLeaks(() => deletion(model, x, a, { steps: 4, fill: undefined }));
    await expectNoTensorLeaks(() => pointingGame(model, x, a, { mask, tolerance: 1 }));
  });

  it('evaluate() rejects a misspelt metric option before any work; code-only options still pass', async () => {
    let explained = 0;
    const counting = { name: 'gradient', source: gradient };
    const spy = {
      name: 'spy',
      source: (async (m, input, options) => {
        explained++;
        return gradient(m, input, options);
      }) as typeof gradient,
    };
    const err = await expectThrowsWithoutLeaks(() =>
      evaluate(model, x, [counting, spy], ['sparseness', 'deletion'], {
        metricOptions: { deletion: { stpes: 4 } },
      }),
    );
    expect(err).toBeInstanceOf(OptionError);
    expect((err as Error).message).toMatch(/"stpes" for 'deletion'\. Did you mean "steps"\?/);
    expect(explained).toBe(0);
    const table = await evaluate(model, x, [counting], ['deletion'], {
      metricOptions: { deletion: { fractionPerStep: 0.5 } },
    });
    expect(table.cells[0].error).toBeUndefined();
    expect((table.cells[0].details as { fractions: number[] }).fractions).toEqual([0, 0.5, 1]);
  });

  it("ROAR through evaluate() takes its code options and ignores evaluate()'s target (labels are the targets)", async () => {
    const images = uniformTensor([6, 8, 8, 1], 8);
    const train: LabeledSet = { x: images, labels: [0, 1, 2, 0, 1, 2] };
    // No training: a fresh seeded copy of the tiny CNN, so the check is about options, not accuracy.
    const untrained: Trainer = async (_data, { seed }) => tinyCnn({ seed });
    const table = await evaluate(
      model,
      { x, labels: [0, 1], train },
      [{ name: 'gradient', source: gradient }],
      ['roar'],
      {
        target: 0,
        metricOptions: { roar: { epochs: 1, fractions: [0.5], trainer: untrained, randomBaseline: false } },
      },
    );
    expect(table.cells[0].error).toBeUndefined();
    expect((table.cells[0].details as { fractions: number[] }).fractions).toEqual([0.5]);
    images.dispose();
  });
});
