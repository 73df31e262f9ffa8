import { UnsupportedLayerError, wrapModel } from '@loupe/core';
import { expectThrowsWithoutLeaks, unlistedOpGraphModel } from '@loupe/testing';
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
      const { model, weights } = await unlistedOpGraphModel();
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
