import { explain, getExplainer, listExplainers, type Progress, unregisterExplainer } from '@loupe/core';
import { expectNoTensorLeaks, linearModel, tinyCnn, tinyGraphModel } from '@loupe/testing';
import { runExplainerConformance } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  featureAblationPlugin,
  kernelShapPlugin,
  limePlugin,
  occlusionPlugin,
  perturbationPlugins,
  registerPerturbationMethods,
  risePlugin,
} from '../src/index.js';
import { release } from './helpers.js';

const fast = { segments: 6, compactness: 10 };
runExplainerConformance(occlusionPlugin as never, { options: { window: 3, stride: 2 } });
runExplainerConformance(featureAblationPlugin as never, { options: fast });
runExplainerConformance(risePlugin as never, { options: { masks: 48, gridSize: 4 } });
runExplainerConformance(limePlugin as never, { options: { samples: 48, ...fast } });
runExplainerConformance(kernelShapPlugin as never, { options: { samples: 48, ...fast } });

describe('registration and the registry path', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    for (const p of perturbationPlugins) unregisterExplainer(p.id);
  });

  it('registers every method once; a second call is harmless', () => {
    expect(registerPerturbationMethods()).toEqual([
      'occlusion',
      'feature-ablation',
      'rise',
      'lime',
      'kernel-shap',
    ]);
    expect(registerPerturbationMethods()).toEqual([]);
    const ids = listExplainers().map((p) => p.id);
    for (const p of perturbationPlugins) {
      expect(ids).toContain(p.id);
      expect(getExplainer(p.id).family).toBe('perturbation');
    }
  });

  it('runs through explain() with per-axis shapes given as text, on a LayersModel and a GraphModel', async () => {
    registerPerturbationMethods();
    const model = tinyCnn();
    const x = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 8);
    const progress: Progress[] = [];
    await expectNoTensorLeaks(async () => {
      const a = await explain(model, x, {
        method: 'occlusion',
        windowShape: '4,4,1',
        strides: '4,4,1',
        target: 1,
        onProgress: (p) => progress.push(p),
      });
      expect(a.meta.windows).toBe(4);
      expect(a.meta.backend).toBe('cpu');
      return a;
    });
    expect(progress.at(-1)?.done).toBe(4);
    const graph = await tinyGraphModel({ features: 4 });
    const gx = tf.randomUniform([2, 4], 0, 1, 'float32', 9);
    // A GraphModel has no gradients here; perturbation methods need none. KernelSHAP's efficiency shows it ran.
    const g = await explain(graph.model, gx, { method: 'kernel-shap', target: 0 });
    expect(g.shape).toEqual([2, 4]);
    const values = await g.data();
    const delta = g.meta.convergenceDelta as number[];
    expect(Math.abs(delta[0]) + Math.abs(delta[1])).toBeLessThan(1e-4);
    expect(values.some((v) => v !== 0)).toBe(true);
    release(g, gx, x, graph.w1, graph.b1, graph.w2, graph.b2);
    graph.model.dispose();
    model.dispose();
  });

  it('shrinks the default window to small inputs through the plugin, and explains tabular models', async () => {
    registerPerturbationMethods();
    const model = linearModel([[1, -2, 3]]);
    const x = tf.tensor2d([[1, 1, 1]]);
    const a = await explain(model, x, { method: 'occlusion', target: 0 });
    expect(a.meta.warnings?.[0]).toMatch(/did not fit/);
    const k = await explain(model, x, { method: 'kernel-shap', target: 0 });
    expect(Array.from(await k.data())).toEqual([1, -2, 3].map((v) => expect.closeTo(v, 5)));
    release(a, k, x);
    model.dispose();
  });
});
