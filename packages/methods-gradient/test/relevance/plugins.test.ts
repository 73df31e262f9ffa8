import { explain, getExplainer, registerExplainer, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, tinyCnn } from '@loupe/testing';
import { runExplainerConformance } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { deepLiftExplainer, lrpExplainer, relevanceExplainers } from '../../src/relevance/index.js';

runExplainerConformance(lrpExplainer, { options: { composite: 'epsilon-plus' } });
runExplainerConformance(deepLiftExplainer);

describe('relevance plugins', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    for (const p of relevanceExplainers) {
      try {
        getExplainer(p.id);
      } catch {
        registerExplainer(p);
      }
    }
  });

  it('lists both plugins with the relevance family and full params schemas', () => {
    expect(relevanceExplainers.map((p) => p.id)).toEqual(['lrp', 'deeplift']);
    for (const p of relevanceExplainers) {
      expect(p.family).toBe('relevance');
      expect(p.supportsFunctionModels).toBe(false);
    }
    expect(Object.keys(lrpExplainer.params).sort()).toEqual([
      'alpha',
      'batchSize',
      'composite',
      'epsilon',
      'gamma',
      'inputLayerRule',
      'rule',
    ]);
    const composite = lrpExplainer.params.composite;
    expect(composite.type === 'enum' && composite.values).toEqual([
      'none',
      'epsilon-plus',
      'epsilon-plus-flat',
      'epsilon-gamma-box',
      'epsilon-alpha2-beta1',
      'epsilon-alpha2-beta1-flat',
    ]);
    expect(Object.keys(deepLiftExplainer.params).sort()).toEqual(['baseline', 'batchSize']);
  });

  it("runs through core's explain() with defaults filled in", async () => {
    const model = wrapModel(tinyCnn(), { inputRange: [0, 1] });
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 6);
    await expectNoTensorLeaks(async () => {
      const a = await explain(model, x, { method: 'lrp', composite: 'epsilon-gamma-box', target: 1 });
      expect(a.method).toBe('lrp');
      expect(a.meta.rules).toMatchObject({ conv1: 'zbox', conv2: 'gamma(0.25)' });
      const d = await explain(model, x, { method: 'deeplift', target: 1 });
      expect(d.method).toBe('deeplift');
      expect((d.meta.convergenceDelta as number[]).every((v) => Math.abs(v) < 1e-4)).toBe(true);
      return [a, d];
    });
    x.dispose();
    model.dispose();
  });
});
