import { UnsupportedLayerError, wrapModel } from '@loupe/core';
import { constNode, expectThrowsWithoutLeaks, graphModelFromNodes, placeholderNode } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { deepLift, lrp } from '../../src/relevance/index.js';

/** LayerNormalization has no op-level translation: it runs as the tfjs layer itself. */
function layerNormModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 3, name: 'a' }));
  m.add(tf.layers.layerNormalization({ name: 'norm' }));
  m.add(tf.layers.dense({ units: 2, name: 'out' }));
  return m;
}

function hiddenSoftmaxModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax', name: 'attention' }));
  m.add(tf.layers.dense({ units: 2, name: 'out' }));
  return m;
}

/** A converter graph with Atan (outside Loupe's op table) between two matmuls. */
async function atanGraphModel(): Promise<{ model: tf.GraphModel; weights: tf.Tensor[] }> {
  const w1 = tf.randomUniform([4, 3], -1, 1, 'float32', 2);
  const w2 = tf.randomUniform([3, 2], -1, 1, 'float32', 3);
  const attr = { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } };
  const model = await graphModelFromNodes(
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
  return { model, weights: [w1, w2] };
}

const METHODS = { lrp, deepLift } as const;

describe('relevance methods reject what they cannot propagate through', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const [methodName, method] of Object.entries(METHODS)) {
    it(`${methodName}: a layer without op translation and a hidden softmax → UnsupportedLayerError naming the node`, async () => {
      const cases: [tf.LayersModel, number[], RegExp][] = [
        [layerNormModel(), [2, 4], /"norm" \(LayerNormalization\)/],
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

    it(`${methodName}: a converter op outside the op table → UnsupportedLayerError naming the op and node; a function model has no graph`, async () => {
      const { model, weights } = await atanGraphModel();
      const x = tf.randomUniform([2, 4], 0, 1, 'float32', 1);
      const wrapped = wrapModel(model);
      expect(wrapped.warnings.join(' ')).toMatch(/Atan.*"bend"/);
      const fromGraph = await expectThrowsWithoutLeaks(() => method(wrapped, x, { target: 0 }));
      expect(fromGraph).toBeInstanceOf(UnsupportedLayerError);
      expect((fromGraph as Error).message).toMatch(/"bend" \(Atan\)/);
      const fn = wrapModel((v: tf.Tensor) => tf.sum(v, 1, true), { inputShape: [4] });
      const fromFunction = await expectThrowsWithoutLeaks(() => method(fn, x, { target: 0 }));
      expect(fromFunction).toBeInstanceOf(UnsupportedLayerError);
      tf.dispose([x, ...weights]);
      wrapped.dispose();
      model.dispose();
    });
  }
});
