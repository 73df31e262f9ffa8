import { type ExplainableModel, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, maxRelativeError } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guidedBackprop, inputXGradient, saliency } from '../../src/index.js';
import { deepLift, lrp } from '../../src/relevance/index.js';
import { exampleSums } from './fixtures.js';
import { FEATURES, RECURRENT_MODELS, STEPS } from './recurrent-models.js';

const TARGET = 1;

/** The target logit of the tfjs model itself (its own LSTM/GRU kernels), per example. */
function targetOf(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  return tf.squeeze(tf.slice(model.apply(x) as tf.Tensor, [0, TARGET], [-1, 1]), [1]);
}

for (const spec of RECURRENT_MODELS) {
  describe(`recurrent layers through the explanation graph: ${spec.name}`, () => {
    let layers: tf.LayersModel;
    let model: ExplainableModel;
    let x: tf.Tensor;
    beforeAll(async () => {
      await tf.setBackend('cpu');
      layers = spec.build();
      model = wrapModel(layers, { output: 'raw' });
      x = tf.randomUniform([2, STEPS, FEATURES], -1, 1, 'float32', 11);
    });
    afterAll(() => {
      x.dispose();
      model.dispose();
      layers.dispose();
    });

    it('unrolls to the model’s own forward, and saliency, input×gradient and guided backprop equal tf.grad of it', async () => {
      const ours = model.forwardBatched(x);
      const theirs = layers.predict(x) as tf.Tensor;
      expect(maxRelativeError(ours.dataSync(), theirs.dataSync())).toBeLessThan(1e-5);
      tf.dispose([ours, theirs]);
      const plain = tf.grad((v: tf.Tensor) => tf.sum(targetOf(layers, v)))(x);
      const plainTimesX = tf.mul(plain, x);
      await expectNoTensorLeaks(async () => {
        const s = await saliency(model, x, { target: TARGET, abs: false });
        const ixg = await inputXGradient(model, x, { target: TARGET });
        // No ReLU in these cells: the guided rule changes nothing, and must leave the gates alone.
        const guided = await guidedBackprop(model, x, { target: TARGET });
        expect(maxRelativeError(await s.data(), plain.dataSync())).toBeLessThan(1e-4);
        expect(maxRelativeError(await ixg.data(), plainTimesX.dataSync())).toBeLessThan(1e-4);
        expect(maxRelativeError(await guided.data(), plain.dataSync())).toBeLessThan(1e-4);
        return [s, ixg, guided];
      });
      tf.dispose([plain, plainTimesX]);
    });

    it('LRP-ε conserves the target logit (signal-take-all at the gates, Arras et al. 2017)', async () => {
      const logit = targetOf(layers, x);
      const expected = Array.from(logit.dataSync());
      logit.dispose();
      for (const epsilon of [1e-9, 0.01]) {
        await expectNoTensorLeaks(async () => {
          const a = await lrp(model, x, { target: TARGET, rule: 'epsilon', epsilon });
          const sums = exampleSums(a.values);
          const absorbed = a.meta.relevanceAbsorbed as number[];
          expected.forEach((f, i) => {
            expect(Math.abs(sums[i] + absorbed[i] - f)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(f)));
          });
          return a;
        });
      }
    });

    it('DeepLIFT sums to f(x) − f(x₀) (rescale on cell inputs, gates as multipliers)', async () => {
      const x0 = tf.randomUniform([STEPS, FEATURES], -0.2, 0.2, 'float32', 5);
      const [fx, f0] = tf.tidy(() => [targetOf(layers, x), targetOf(layers, tf.broadcastTo(x0, x.shape))]);
      const delta = Array.from(fx.dataSync(), (v, i) => v - f0.dataSync()[i]);
      tf.dispose([fx, f0]);
      await expectNoTensorLeaks(async () => {
        const a = await deepLift(model, x, { target: TARGET, baseline: x0 });
        exampleSums(a.values).forEach((s, i) => {
          expect(Math.abs(s - delta[i])).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(delta[i])));
        });
        return a;
      });
      x0.dispose();
    });
  });
}

describe('LRP through an LSTM gate product, in closed form', () => {
  it('gives all relevance to the cell input and none to the gates (signal-take-all)', async () => {
    await tf.setBackend('cpu');
    // One step, one unit, no biases: c = i·g, h = o·tanh(c), output = h. Signal-take-all passes h whole
    // through h = o·tanh(c) and c = i·g to g = tanh(z_g), z_g = Σ_k W_k,g x_k: R_k = h · W_k,g x_k / z_g.
    const m = tf.sequential();
    m.add(tf.layers.lstm({ units: 1, inputShape: [1, 2], useBias: false, recurrentActivation: 'sigmoid' }));
    m.add(tf.layers.dense({ units: 1, useBias: false }));
    const kernel = tf.tensor2d([
      [0.7, -0.4, 1.2, 0.3],
      [-0.5, 0.9, 0.8, -0.6],
    ]);
    const weights = [kernel, tf.tensor2d([[0.1, 0.2, 0.3, 0.4]]), tf.tensor2d([[1]])];
    m.setWeights(weights);
    const model = wrapModel(m, { output: 'raw' });
    const x = tf.tensor3d([[[0.6, 0.9]], [[-0.8, 0.4]]]);
    const output = m.predict(x) as tf.Tensor;
    const h = output.dataSync();
    const xs = x.dataSync();
    await expectNoTensorLeaks(async () => {
      const a = await lrp(model, x, { target: 0, rule: 'epsilon', epsilon: 1e-9 });
      const expected = [0, 1].flatMap((n) => {
        const contributions = [xs[2 * n] * 1.2, xs[2 * n + 1] * 0.8];
        const z = contributions[0] + contributions[1];
        return contributions.map((c) => (h[n] * c) / z);
      });
      expect(maxRelativeError(await a.data(), expected)).toBeLessThan(1e-5);
      return a;
    });
    tf.dispose([x, output, ...weights]);
    model.dispose();
    m.dispose();
  });
});
