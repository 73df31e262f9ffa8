import { explain, MemoryBudgetError, OptionError, registerExplainer, unregisterExplainer } from '@loupe/core';
import { expectThrowsWithoutLeaks, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureAblation, kernelShap, lime, occlusion, rise, risePlugin } from '../src/index.js';

let cnn: tf.LayersModel;
let x: tf.Tensor;

beforeAll(async () => {
  await tf.setBackend('cpu');
  cnn = tinyCnn({ seed: 3 });
  x = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 2);
});
afterAll(() => {
  x.dispose();
  cnn.dispose();
});

describe('issue 16 item 7: unbounded work', () => {
  it('counts past their schema maximum are OptionErrors, direct or through explain(), before any work', async () => {
    const calls: [() => Promise<unknown>, RegExp][] = [
      [() => rise(cnn, x, { masks: 1e8 }), /masks must be a whole number from 1 to 100000; got 100000000/],
      [() => rise(cnn, x, { gridSize: 5000 }), /gridSize must be a whole number from 1 to 1024/],
      [() => lime(cnn, x, { samples: 1e9 }), /samples must be a whole number from 2 to 100000/],
      [() => kernelShap(cnn, x, { samples: 1e9 }), /samples must be a whole number from 1 to 100000/],
      [() => lime(cnn, x, { samples: 50, segments: 1e7 }), /segments must be a whole number from 1 to 10000/],
      [() => occlusion(cnn, x, { batchSize: 1e6 }), /batchSize must be a whole number from 1 to 4096/],
      [() => featureAblation(cnn, x, { batchSize: 2.5 }), /batchSize must be a whole number/],
    ];
    for (const [call, message] of calls) {
      const started = performance.now();
      const err = await expectThrowsWithoutLeaks(call);
      expect(err).toBeInstanceOf(OptionError);
      expect((err as Error).message).toMatch(message);
      expect(performance.now() - started).toBeLessThan(2000);
    }
    registerExplainer(risePlugin);
    try {
      const err = await expectThrowsWithoutLeaks(() => explain(cnn, x, { method: 'rise', masks: 1e8 }));
      expect(err).toBeInstanceOf(OptionError);
      expect((err as Error).message).toMatch(/masks.*≤ 100000/);
    } finally {
      unregisterExplainer('rise');
    }
  });

  it('a batch whose estimated memory exceeds what the backend can hold is refused before allocating, with the estimate', async () => {
    // 1024×1024×3 images: 4096 perturbed copies, their masks and differences are about 155 GB at once.
    const big = tf.zeros([1, 1024, 1024, 3]);
    const mean = (v: tf.Tensor) => tf.mean(v, [1, 2]);
    const before = tf.memory().numBytes;
    const err = await expectThrowsWithoutLeaks(() =>
      rise(mean, big, { batchSize: 4096, masks: 8, target: 0 }),
    );
    expect(err).toBeInstanceOf(MemoryBudgetError);
    const message = (err as Error).message;
    expect(message).toMatch(
      /batch of 4096 perturbed copies of a \[1024, 1024, 3\] example needs about 15\d GB/,
    );
    expect(message).toMatch(/cpu backend can hold.*Lower batchSize/);
    expect((err as MemoryBudgetError).estimateBytes).toBeGreaterThan((err as MemoryBudgetError).budgetBytes);
    expect(tf.memory().numBytes).toBe(before);
    big.dispose();
  });
});
