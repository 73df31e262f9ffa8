import { explain, listExplainers, unregisterExplainer, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, tinyCnn } from '@loupe/testing';
import { runExplainerConformance } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationMaximizationPlugin, registerOptimizationMethods } from '../src/index.js';

// Each image of a batch starts from its own seeded noise (so `diversity` can pull them apart), hence an
// example's result depends on its position in the batch: batch invariance does not apply.
runExplainerConformance(activationMaximizationPlugin as never, {
  options: { steps: 4, preset: 'score-only' },
  batchInvariant: false,
});

describe('activation-maximization plugin', () => {
  const model = wrapModel(tinyCnn({ seed: 2 }), { inputRange: [0, 1] });
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => model.dispose());

  it('registers once, harmlessly twice', () => {
    registerOptimizationMethods();
    registerOptimizationMethods();
    expect(listExplainers().filter((p) => p.id === 'activation-maximization')).toHaveLength(1);
    unregisterExplainer('activation-maximization');
  });

  it('returns, per example, an image the model assigns to the target class', async () => {
    registerOptimizationMethods();
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 1);
    await expectNoTensorLeaks(async () => {
      const a = await explain(model, x, {
        method: 'activation-maximization',
        target: [1, 3],
        preset: 'score-only',
        steps: 40,
        learningRate: 0.1,
        seed: 2,
      });
      expect(a.target).toEqual([1, 3]);
      expect(a.shape).toEqual([2, 8, 8, 1]);
      const history = a.meta.history as number[];
      expect(history).toHaveLength(40);
      expect(history[39]).toBeGreaterThan(history[0]);
      const predicted = tf.tidy(() => Array.from(tf.argMax(model.predict(a.values), 1).dataSync()));
      expect(predicted).toEqual([1, 3]);
      return a;
    });
    x.dispose();
    unregisterExplainer('activation-maximization');
  });
});
