import { explain, OptionError, UnknownLayerError, wrapModel } from '@loupe/core';
import {
  expectNoTensorLeaks,
  expectThrowsWithoutLeaks,
  imageTabularModel,
  tinyGraphModel,
} from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  internalInfluence,
  layerConductance,
  layerGradientXActivation,
  layerIntegratedGradients,
  neuronIntegratedGradients,
  registerGradientMethods,
} from '../src/index.js';
import { relErr } from './fixtures.js';

let linearTop: tf.Sequential;
let x: tf.Tensor2D;

/** x → dense 'h' (tanh) → dense 'out' (linear): the score is linear in h, so every layer method has a closed form. */
function tanhThenLinear(): tf.Sequential {
  const init = (s: number) => tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: s });
  const m = tf.sequential();
  m.add(
    tf.layers.dense({
      inputShape: [4],
      units: 5,
      activation: 'tanh',
      kernelInitializer: init(1),
      biasInitializer: init(2),
      name: 'h',
    }),
  );
  m.add(tf.layers.dense({ units: 3, kernelInitializer: init(3), biasInitializer: init(4), name: 'out' }));
  return m;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerGradientMethods();
  linearTop = tanhThenLinear();
  x = tf.randomUniform([2, 4], -1, 1, 'float32', 6) as tf.Tensor2D;
});
afterAll(() => x.dispose());

/** h(v) read from the model, and the top kernel W [5, 3]. */
function parts(v: tf.Tensor): { h: Float32Array; w: Float32Array } {
  const wrapped = wrapModel(linearTop);
  const a = wrapped.activations(v, 'h');
  const h = a.dataSync() as Float32Array;
  a.dispose();
  wrapped.dispose();
  return { h, w: linearTop.getLayer('out').getWeights()[0].dataSync() as Float32Array };
}

describe('layer attribution: closed forms where the score is linear in the layer', () => {
  it('gradient × activation = h_j·W[j, c]; layer IG and conductance = (h(x) − h(0))_j·W[j, c]; internal influence = W[:, c]', async () => {
    const { h, w } = parts(x);
    const zero = tf.zeros([2, 4]);
    const { h: h0 } = parts(zero);
    zero.dispose();
    const target = [0, 2];
    const byHand = (f: (e: number, j: number) => number) =>
      [0, 1].flatMap((e) => Array.from({ length: 5 }, (_, j) => f(e, j) * w[j * 3 + target[e]]));
    await expectNoTensorLeaks(async () => {
      const gxa = await layerGradientXActivation(linearTop, x, { layer: 'h', target });
      expect(
        relErr(
          await gxa.data(),
          byHand((e, j) => h[e * 5 + j]),
        ),
      ).toBeLessThan(1e-5);
      const diff = byHand((e, j) => h[e * 5 + j] - h0[e * 5 + j]);
      const lig = await layerIntegratedGradients(linearTop, x, { layer: 'h', target, steps: 3 });
      expect(relErr(await lig.data(), diff)).toBeLessThan(1e-5);
      expect(lig.meta.layer).toBe('h');
      const cond = await layerConductance(linearTop, x, { layer: 'h', target, steps: 7 });
      expect(relErr(await cond.data(), diff)).toBeLessThan(1e-5);
      const inf = await internalInfluence(linearTop, x, { layer: 'h', target, steps: 4 });
      expect(
        relErr(
          await inf.data(),
          byHand(() => 1),
        ),
      ).toBeLessThan(1e-5);
      return [gxa, lig, cond, inf];
    });
  });

  it('on a GraphModel node (the converter graph names every op): layer IG at "hidden" is (h(x) − h(0))·W2', async () => {
    const { model, w2, w1, b1, b2 } = await tinyGraphModel({ seed: 8 });
    const input = tf.randomUniform([2, 4], -1, 1, 'float32', 9);
    const hidden = (v: tf.Tensor) => tf.relu(tf.add(tf.matMul(v as tf.Tensor2D, w1), b1));
    const h = tf.tidy(() => tf.sub(hidden(input), hidden(tf.zerosLike(input)))).dataSync();
    const w = w2.dataSync();
    await expectNoTensorLeaks(async () => {
      const a = await layerIntegratedGradients(model, input, { layer: 'hidden', target: [1, 0], steps: 2 });
      const expected = [0, 1].flatMap((e) =>
        Array.from({ length: 5 }, (_, j) => h[e * 5 + j] * w[j * 3 + (e === 0 ? 1 : 0)]),
      );
      expect(relErr(await a.data(), expected)).toBeLessThan(1e-5);
      return a;
    });
    tf.dispose([input, w1, b1, w2, b2]);
    model.dispose();
  });
});

describe('completeness on a nonlinear model (layers below and above the attributed one)', () => {
  it('layer IG at an inner layer sums to f(x) − f(baseline); the conductance sum approaches it (first order in 1/steps); neuron IG sums to n(x) − n(0)', async () => {
    const m = tf.sequential();
    const init = (s: number) => tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: s });
    m.add(
      tf.layers.dense({
        inputShape: [4],
        units: 6,
        activation: 'tanh',
        kernelInitializer: init(11),
        name: 'a',
      }),
    );
    m.add(tf.layers.dense({ units: 5, activation: 'softplus', kernelInitializer: init(12), name: 'b' }));
    m.add(tf.layers.dense({ units: 3, activation: 'tanh', kernelInitializer: init(13), name: 'c' }));
    await expectNoTensorLeaks(async () => {
      const lig = await explain(m, x, {
        method: 'layer-integrated-gradients',
        layer: 'b',
        target: 1,
        steps: 32,
      });
      const cond = await explain(m, x, { method: 'layer-conductance', layer: 'b', target: 1, steps: 8 });
      const wrapped = wrapModel(m);
      const s = tf.tidy(() => tf.sub(wrapped.predict(x), wrapped.predict(tf.zerosLike(x))));
      const expected = Array.from(s.dataSync()).filter((_, i) => i % 3 === 1);
      s.dispose();
      for (const [a, bound] of [
        [lig, 1e-5],
        [cond, 2e-3],
      ] as const) {
        const sums = tf.tidy(() => tf.sum(a.values, 1).dataSync());
        for (const e of [0, 1])
          expect(Math.abs(sums[e] - expected[e])).toBeLessThan(bound * Math.max(1, Math.abs(expected[e])));
        (a.meta.convergenceDelta ?? []).forEach((d, e) => {
          expect(d).toBeCloseTo(sums[e] - expected[e], 5);
        });
      }
      const nig = await neuronIntegratedGradients(m, x, { layer: 'b', neuron: 2, steps: 32 });
      const n = tf.tidy(() =>
        tf.sub(wrapped.activations(x, 'b'), wrapped.activations(tf.zerosLike(x), 'b')).dataSync(),
      );
      const nsum = tf.tidy(() => tf.sum(nig.values, 1).dataSync());
      for (const e of [0, 1]) expect(Math.abs(nsum[e] - n[e * 5 + 2])).toBeLessThan(1e-5);
      wrapped.dispose();
      return [lig, cond, nig];
    });
  });
});

describe('a model with two inputs (image + tabular)', () => {
  it('layer IG at the join sums to f(x) − f(0) in the layer shape; neuron IG comes back per input', async () => {
    const source = imageTabularModel({ seed: 4 });
    const image = tf.randomUniform([2, 6, 6, 2], 0, 1, 'float32', 7);
    const tabular = tf.randomUniform([2, 4], -1, 1, 'float32', 8);
    const wrapped = wrapModel(source);
    const d = tf.tidy(() =>
      tf
        .sub(
          wrapped.predict(wrapped.packInputs([image, tabular])),
          wrapped.predict(wrapped.packInputs([tf.zerosLike(image), tf.zerosLike(tabular)])),
        )
        .dataSync(),
    );
    await expectNoTensorLeaks(async () => {
      const lig = await layerIntegratedGradients(
        source,
        { image, tabular },
        { layer: 'joined', target: 2, steps: 16 },
      );
      expect(lig.shape).toEqual([2, 3 * 3 * 4 + 6]); // pooled image features, then the tabular branch
      expect(lig.inputs).toBeUndefined();
      const sums = tf.tidy(() => tf.sum(lig.values, 1).dataSync());
      for (const e of [0, 1])
        expect(Math.abs(sums[e] - d[e * 3 + 2])).toBeLessThan(1e-4 * Math.max(1, Math.abs(d[e * 3 + 2])));
      const nig = await neuronIntegratedGradients(source, [image, tabular], {
        layer: 'tab_dense',
        neuron: 1,
        steps: 8,
      });
      expect(nig.inputs?.map((p) => p.shape)).toEqual([
        [2, 6, 6, 2],
        [2, 4],
      ]);
      return [lig, nig];
    });
    wrapped.dispose();
    tf.dispose([image, tabular]);
  });
});

describe('bad input is a typed error', () => {
  it('unknown layer, no layer, neuron or channel out of range', async () => {
    const unknown = await expectThrowsWithoutLeaks(() =>
      layerIntegratedGradients(linearTop, x, { layer: 'nope' }),
    );
    expect(unknown).toBeInstanceOf(UnknownLayerError);
    const missing = await expectThrowsWithoutLeaks(() => layerIntegratedGradients(linearTop, x, {}));
    expect(missing).toBeInstanceOf(OptionError);
    expect(String(missing)).toMatch(/layer: '<name>'/);
    const unit = await expectThrowsWithoutLeaks(() =>
      neuronIntegratedGradients(linearTop, x, { layer: 'h', neuron: 5 }),
    );
    expect(unit).toBeInstanceOf(OptionError);
    expect(String(unit)).toMatch(/Neuron 5 is out of range: layer "h" .* 5 units/);
    const channel = await expectThrowsWithoutLeaks(() =>
      explain(linearTop, x, { method: 'neuron-gradient', layer: 'h', neuron: 9, neuronMode: 'channel' }),
    );
    expect(channel).toBeInstanceOf(OptionError);
  });
});
