import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildCnnModel,
  type CnnArchitecture,
  cnnLossAndGradients,
  trainCnn,
} from '../src/training/cnn-trainer.js';
import { uniform } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const arch: CnnArchitecture = {
  name: 'check',
  inputShape: [6, 6, 2],
  layers: [
    { kind: 'conv', name: 'c1', filters: 3 },
    { kind: 'pool', name: 'p1' },
    { kind: 'conv', name: 'c2', filters: 4 },
    { kind: 'global-max', name: 'g' },
    { kind: 'dense', name: 'd1', units: 5, activation: 'relu' },
    { kind: 'dense', name: 'out', units: 3, activation: 'softmax' },
  ],
};

describe('the default trainer’s plain-loop CNN', () => {
  it('loss and gradients equal tfjs autodiff of the same LayersModel', async () => {
    const model = buildCnnModel(arch);
    const weights = model.getWeights().map((w, i) => Float32Array.from(uniform(w.size, 10 + i, -0.6, 0.6)));
    const tensors = model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape));
    model.setWeights(tensors);
    const n = 4;
    const x = Float32Array.from(uniform(n * 72, 2));
    const labels = [0, 2, 1, 2];
    const ours = cnnLossAndGradients(arch, weights, { x, labels, count: n }, [0, 1, 2, 3]);
    const xt = tf.tensor4d(x, [n, 6, 6, 2]);
    const yt = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
    const { value, grads } = tf.variableGrads(() => {
      const p = model.apply(xt) as tf.Tensor;
      return tf.mean(tf.neg(tf.sum(tf.mul(yt, tf.log(p)), 1))) as tf.Scalar;
    });
    expect(ours.loss).toBeCloseTo(value.dataSync()[0], 5);
    model.trainableWeights.forEach((w, i) => {
      const theirs = grads[w.originalName ?? w.name] ?? Object.values(grads)[i];
      const a = Array.from(theirs.dataSync());
      ours.gradients[i].forEach((g, k) => {
        expect(g).toBeCloseTo(a[k], 4);
      });
    });
    tf.dispose([...tensors, xt, yt, value, ...Object.values(grads)]);
    model.dispose();
  });

  it('is deterministic for a seed and learns a separable task', async () => {
    const n = 64;
    const x = new Float32Array(n * 72);
    const labels = Array.from({ length: n }, (_, i) => i % 3);
    labels.forEach((label, i) => {
      // Class 0 lights channel 0, class 1 channel 1, class 2 both.
      for (let p = 0; p < 36; p++) {
        if (label !== 1) x[i * 72 + p * 2] = 1;
        if (label !== 0) x[i * 72 + p * 2 + 1] = 1;
      }
    });
    const a = await trainCnn(
      arch,
      { x, labels, count: n },
      { seed: 3, epochs: 30, learningRate: 0.02, batchSize: 16 },
    );
    const b = await trainCnn(
      arch,
      { x, labels, count: n },
      { seed: 3, epochs: 30, learningRate: 0.02, batchSize: 16 },
    );
    const wa = a.getWeights().map((w) => Array.from(w.dataSync()));
    expect(b.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(wa);
    const predicted = tf.tidy(() =>
      Array.from((a.predict(tf.tensor4d(x, [n, 6, 6, 2])) as tf.Tensor).argMax(-1).dataSync()),
    );
    expect(predicted).toEqual(labels);
    a.dispose();
    b.dispose();
  });
});
