import { wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, maxRelativeError, unlistedOpGraphModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { integratedGradients, saliency, smoothGrad } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('an op outside the op table is named in meta.warnings', () => {
  it('saliency, IG and SmoothGrad run through it with plain autodiff and say so', async () => {
    const { model: gm, weights } = await unlistedOpGraphModel();
    const model = wrapModel(gm, { output: 'raw' });
    const x = tf.randomUniform([2, 4], -1, 1, 'float32', 1);
    await expectNoTensorLeaks(async () => {
      const results = [
        await saliency(model, x, { target: 1, abs: false }),
        await integratedGradients(model, x, { target: 1, steps: 4 }),
        await smoothGrad(model, x, { target: 1, samples: 2, seed: 3 }),
      ];
      for (const r of results) expect(r.meta.warnings?.join(' ')).toMatch(/Atan \(node "bend"\)/);
      const plain = tf.grad((v: tf.Tensor) => tf.sum(tf.slice(gm.execute(v) as tf.Tensor, [0, 1], [2, 1])))(
        x,
      );
      expect(maxRelativeError(await results[0].data(), plain.dataSync())).toBeLessThan(1e-5);
      return [results, plain];
    });
    tf.dispose([x, ...weights]);
    model.dispose();
    gm.dispose();
  });
});
