import { wrapModel } from '@loupe/core';
import {
  constNode,
  expectNoTensorLeaks,
  graphModelFromNodes,
  maxRelativeError,
  placeholderNode,
} from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { integratedGradients, saliency, smoothGrad } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('an op outside the op table is named in meta.warnings', () => {
  it('saliency, IG and SmoothGrad run through it with plain autodiff and say so', async () => {
    const w1 = tf.randomUniform([4, 3], -1, 1, 'float32', 2);
    const w2 = tf.randomUniform([3, 2], -1, 1, 'float32', 3);
    const attr = { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } };
    const gm = await graphModelFromNodes(
      [
        placeholderNode('x', [-1, 4]),
        constNode('w1', [4, 3]),
        constNode('w2', [3, 2]),
        { name: 'mm1', op: 'MatMul', input: ['x', 'w1'], attr },
        { name: 'bend', op: 'Atan', input: ['mm1'], attr: { T: { type: 'DT_FLOAT' } } },
        { name: 'mm2', op: 'MatMul', input: ['bend', 'w2'], attr },
      ],
      { w1, w2 },
    );
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
    tf.dispose([x, w1, w2]);
    model.dispose();
    gm.dispose();
  });
});
