import { explain, listExplainers, unregisterExplainer, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientExplainers, registerGradientMethods, relevanceExplainers, saliency } from '../src/index.js';
import { images, relErr } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('registerGradientMethods', () => {
  it('registers every method once (calling twice is harmless), LRP and DeepLIFT included', () => {
    expect(relevanceExplainers.map((p) => p.id)).toContain('lrp');
    expect(listExplainers().some((p) => p.id === 'saliency')).toBe(false);
    registerGradientMethods();
    registerGradientMethods();
    const ids = listExplainers().map((p) => p.id);
    for (const plugin of gradientExplainers) expect(ids.filter((id) => id === plugin.id)).toHaveLength(1);
    for (const id of [
      'saliency',
      'input-x-gradient',
      'integrated-gradients',
      'smoothgrad',
      'expected-gradients',
      'guided-backprop',
      'deconvnet',
      'grad-cam',
      'grad-cam-plus-plus',
      'guided-grad-cam',
      'blur-integrated-gradients',
      'guided-integrated-gradients',
      ...relevanceExplainers.map((p) => p.id),
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('runs through explain() with the schema names (quadrature, baseMethod) and matches the functions', async () => {
    registerGradientMethods();
    const model = wrapModel(tinyCnn());
    const x = images(2);
    await expectNoTensorLeaks(async () => {
      const viaRegistry = await explain(model, x, { method: 'saliency', target: 1 });
      const direct = await saliency(model, x, { target: 1 });
      expect(relErr(await viaRegistry.data(), await direct.data())).toBe(0);
      const ig = await explain(model, x, {
        method: 'integrated-gradients',
        target: 1,
        steps: 4,
        quadrature: 'riemann-trapezoid',
      });
      expect(ig.meta.quadrature).toBe('riemann-trapezoid');
      const smooth = await explain(model, x, {
        method: 'smoothgrad',
        target: 1,
        samples: 2,
        baseMethod: 'guided-backprop',
      });
      expect(smooth.meta.baseMethod).toBe('guided-backprop');
      return [viaRegistry, direct, ig, smooth];
    });
    x.dispose();
    model.dispose();
    for (const p of gradientExplainers) unregisterExplainer(p.id);
  });
});
