import { OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ExplainFunction, modelRandomization } from '../src/index.js';
import { gradientMethod as gradient, uniformTensor } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function weightsOf(model: tf.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (w) => Array.from(await w.data())));
}

describe('model parameter randomization (Adebayo et al. 2018)', () => {
  const net = tinyCnn({ seed: 3 });
  const model = wrapModel(net);
  const x = uniformTensor([2, 8, 8, 1], 4);

  it('cascading: one row per weighted layer, top first; weights restored; no leaks; seeded', async () => {
    const before = await weightsOf(net);
    const p0 = tf.tidy(() => Array.from(model.predict(x).dataSync()));
    let result: Awaited<ReturnType<typeof modelRandomization>> | null = null;
    await expectNoTensorLeaks(async () => {
      result = await modelRandomization(model, x, gradient, { seed: 1 });
    });
    expect(result!.steps.map((s) => s.layer)).toEqual(['logits', 'conv2', 'bn1', 'conv1']);
    expect(await weightsOf(net)).toEqual(before);
    // The wrapper was refreshed: the folded BatchNorm graph sees the restored weights.
    expect(tf.tidy(() => Array.from(model.predict(x).dataSync()))).toEqual(p0);
    for (const s of result!.steps)
      for (const v of [s.spearman, s.spearmanAbs, s.ssim, s.hog]) expect(Number.isFinite(v)).toBe(true);
    expect(await modelRandomization(model, x, gradient, { seed: 1 })).toEqual(result);
  });

  it('a map that ignores the weights stays identical (similarity 1); independent mode; layer subset', async () => {
    const inputMap: ExplainFunction = async (_m, xb) => tf.mul(xb, 2);
    const r = await modelRandomization(model, x, inputMap, {
      mode: 'independent',
      layers: ['conv1', 'logits'],
    });
    expect(r.steps.map((s) => s.layer)).toEqual(['logits', 'conv1']);
    for (const s of r.steps) expect(s.spearmanAbs).toBeCloseTo(1, 10);
    const own = await modelRandomization(model, x, gradient, { initializers: 'layer', layers: ['logits'] });
    expect(own.steps).toHaveLength(1);
  });

  it('restores the weights when the method throws midway', async () => {
    const before = await weightsOf(net);
    let calls = 0;
    const failing: ExplainFunction = async (m, xb, o) => {
      if (++calls === 3) throw new Error('boom');
      return gradient(m, xb, o);
    };
    await expect(modelRandomization(model, x, failing)).rejects.toThrow('boom');
    expect(await weightsOf(net)).toEqual(before);
  });

  it('rejects unknown layers, function models and finished attributions', async () => {
    expect(
      await expectThrowsWithoutLeaks(() => modelRandomization(model, x, gradient, { layers: ['nope'] })),
    ).toBeInstanceOf(OptionError);
    const fn = wrapModel((t: tf.Tensor) => tf.sum(t, [1, 2]), { inputShape: [8, 8, 1] });
    expect(await expectThrowsWithoutLeaks(() => modelRandomization(fn, x, gradient))).toBeInstanceOf(
      OptionError,
    );
    const t = tf.zeros([2, 8, 8, 1]);
    expect(await expectThrowsWithoutLeaks(() => modelRandomization(model, x, t as never))).toBeInstanceOf(
      OptionError,
    );
    t.dispose();
  });
});
