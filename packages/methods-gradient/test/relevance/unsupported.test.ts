import { UnsupportedLayerError, wrapModel } from '@loupe/core';
import { expectThrowsWithoutLeaks, tinyGraphModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { deepLift, lrp } from '../../src/relevance/index.js';

function multiplyModel(): tf.LayersModel {
  const input = tf.input({ shape: [4] });
  const a = tf.layers.dense({ units: 3, name: 'a' }).apply(input) as tf.SymbolicTensor;
  const b = tf.layers.dense({ units: 3, name: 'b' }).apply(input) as tf.SymbolicTensor;
  const product = tf.layers.multiply({ name: 'gate' }).apply([a, b]) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, name: 'out' }).apply(product) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

function permuteModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.permute({ inputShape: [3, 4], dims: [2, 1], name: 'swap' }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 2, name: 'out' }));
  return m;
}

function hiddenSoftmaxModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax', name: 'attention' }));
  m.add(tf.layers.dense({ units: 2, name: 'out' }));
  return m;
}

const METHODS = { lrp, deepLift } as const;

describe('relevance methods reject what they cannot propagate through', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const [methodName, method] of Object.entries(METHODS)) {
    it(`${methodName}: a Multiply merge, an unknown layer class and a hidden softmax → UnsupportedLayerError naming the layer`, async () => {
      const cases: [tf.LayersModel, number[], RegExp][] = [
        [multiplyModel(), [2, 4], /"gate" \(Multiply\)/],
        [permuteModel(), [2, 3, 4], /"swap" \(Permute\)/],
        [hiddenSoftmaxModel(), [2, 4], /"attention" \(Dense\).*softmax/],
      ];
      for (const [model, shape, message] of cases) {
        const x = tf.randomUniform(shape, 0, 1, 'float32', 1);
        const err = await expectThrowsWithoutLeaks(() => method(model, x, { target: 0 }));
        expect(err).toBeInstanceOf(UnsupportedLayerError);
        expect((err as Error).message).toMatch(message);
        x.dispose();
        model.dispose();
      }
    });

    it(`${methodName}: a GraphModel or a function has no layer graph → UnsupportedLayerError`, async () => {
      const g = await tinyGraphModel();
      const x = tf.randomUniform([2, 4], 0, 1, 'float32', 1);
      const fromGraph = await expectThrowsWithoutLeaks(() => method(g.model, x, { target: 0 }));
      expect(fromGraph).toBeInstanceOf(UnsupportedLayerError);
      expect((fromGraph as Error).message).toMatch(/GraphModel/);
      const fn = wrapModel((v: tf.Tensor) => tf.sum(v, 1, true), { inputShape: [4] });
      const fromFunction = await expectThrowsWithoutLeaks(() => method(fn, x, { target: 0 }));
      expect(fromFunction).toBeInstanceOf(UnsupportedLayerError);
      tf.dispose([x, g.w1, g.b1, g.w2, g.b2]);
      g.model.dispose();
    });
  }
});
