import {
  expectNoTensorLeaks,
  finiteDifferenceGradient,
  maxRelativeError,
  tinyCnn,
  tinyFunctionalModel,
  tinyGraphModel,
} from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { wrapModel } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** What the model computes right before its softmax, from its own layers (no copied weights). */
function preSoftmaxOf(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const last = model.layers[model.layers.length - 1];
    if (last.getClassName() === 'Softmax' || last.getClassName() === 'Activation') {
      return tf
        .model({ inputs: model.inputs, outputs: last.input as tf.SymbolicTensor })
        .predict(x) as tf.Tensor;
    }
    const penultimate = tf
      .model({ inputs: model.inputs, outputs: last.input as tf.SymbolicTensor })
      .predict(x) as tf.Tensor;
    const [kernel, bias] = last.getWeights();
    return bias
      ? tf.add(tf.matMul(penultimate as tf.Tensor2D, kernel as tf.Tensor2D), bias)
      : tf.matMul(penultimate as tf.Tensor2D, kernel as tf.Tensor2D);
  });
}

describe('wrapModel on LayersModels', () => {
  it('explains the pre-softmax logits of a sequential model by default', () => {
    const model = tinyCnn();
    const m = wrapModel(model);
    expect(m.output).toBe('logits');
    const x = tf.randomUniform([3, 8, 8, 1], 0, 1, 'float32', 1);
    const logits = m.predict(x);
    const expected = preSoftmaxOf(model, x);
    expect(maxRelativeError(logits.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
    const probs = wrapModel(model, { output: 'probabilities' }).predict(x);
    const reference = model.predict(x) as tf.Tensor;
    expect(maxRelativeError(probs.dataSync(), reference.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, logits, expected, probs, reference]);
    m.dispose();
  });

  it('handles branches, residual adds, concat, separable/depthwise convs and a nested model', () => {
    const model = tinyFunctionalModel();
    const m = wrapModel(model);
    expect(m.output).toBe('logits');
    expect(m.graph?.folded.map((f) => f.batchNorm).sort()).toEqual(['backbone/stem_bn', 'dw_bn']);
    const x = tf.randomUniform([2, 8, 8, 2], -1, 1, 'float32', 2);
    const logits = m.predict(x);
    const expected = preSoftmaxOf(model, x);
    expect(maxRelativeError(logits.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
    expect(m.layers.map((l) => l.name)).toEqual(
      expect.arrayContaining(['backbone', 'backbone/stem', 'branch_b/depthwise', 'residual', 'probs']),
    );
    tf.dispose([x, logits, expected]);
    m.dispose();
  });

  it('accepts one example without a batch dimension and returns its shape', () => {
    const m = wrapModel(tinyCnn());
    const x = tf.randomUniform([8, 8, 1], 0, 1, 'float32', 3);
    const y = m.predict(x);
    expect(y.shape).toEqual([4]);
    const g = m.inputGradient(x, 1);
    expect(g.gradient.shape).toEqual([8, 8, 1]);
    tf.dispose([x, y, g.gradient, g.scores]);
    m.dispose();
  });

  it('gives layer activations equal to the layer outputs, also for a folded-away conv', () => {
    const model = tinyCnn();
    const m = wrapModel(model);
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 4);
    for (const name of ['conv1', 'bn1', 'pool1', 'conv2']) {
      const ours = m.activations(x, name);
      const ref = tf
        .model({ inputs: model.inputs, outputs: model.getLayer(name).output as tf.SymbolicTensor })
        .predict(x) as tf.Tensor;
      expect(maxRelativeError(ours.dataSync(), ref.dataSync()), name).toBeLessThan(1e-5);
      tf.dispose([ours, ref]);
    }
    x.dispose();
    m.dispose();
  });

  it('input and layer gradients agree with finite differences', () => {
    const m = wrapModel(tinyFunctionalModel());
    const x = tf.randomUniform([1, 8, 8, 2], -1, 1, 'float32', 5);
    const { gradient, scores } = m.inputGradient(x, 2);
    const score = (v: tf.Tensor) => tf.slice(m.forwardBatched(v), [0, 2], [1, 1]);
    const numeric = finiteDifferenceGradient(score, x, { h: 1e-2, indices: [0, 7, 33, 64, 100, 127] });
    const analytic = gradient.dataSync();
    for (const i of [0, 7, 33, 64, 100, 127]) expect(analytic[i]).toBeCloseTo(numeric[i], 2);
    const layer = m.layerGradient(x, 'dw_bn', 2);
    const a = layer.activation;
    const viaLayer = (v: tf.Tensor) => tf.slice(m.forwardFromLayerBatched(x, 'dw_bn', v), [0, 2], [1, 1]);
    const probe = [0, 5, 17, 40, 63];
    const numericLayer = finiteDifferenceGradient(viaLayer, a, { h: 1e-2, indices: probe });
    for (const i of probe) expect(layer.gradient.dataSync()[i]).toBeCloseTo(numericLayer[i], 2);
    tf.dispose([x, gradient, scores, layer.activation, layer.gradient, layer.scores]);
    m.dispose();
  });

  it('leaves no tensors behind in any public call', async () => {
    const m = wrapModel(tinyFunctionalModel());
    const x = tf.randomUniform([2, 8, 8, 2], -1, 1, 'float32', 6);
    await expectNoTensorLeaks(() => m.predict(x));
    const one = tf.slice(x, 0, 1).squeeze([0]);
    await expectNoTensorLeaks(() => m.predict(one));
    await expectNoTensorLeaks(() => m.inputGradient(one));
    await expectNoTensorLeaks(() => m.layerGradient(one, 'dw'));
    await expectNoTensorLeaks(() => m.activations(one, 'dw'));
    one.dispose();
    await expectNoTensorLeaks(() => m.activations(x, 'residual'));
    await expectNoTensorLeaks(() => m.inputGradient(x));
    await expectNoTensorLeaks(() => m.layerGradient(x, 'backbone/stem', [0, 3]));
    const cnn = tinyCnn();
    await expectNoTensorLeaks(() => {
      const w = wrapModel(cnn);
      w.refresh();
      w.dispose();
    });
    cnn.dispose();
    x.dispose();
    m.dispose();
  });
});

describe('wrapModel on GraphModels and functions', () => {
  it('runs a GraphModel, strips its softmax and differentiates it', async () => {
    const { model, w1, b1, w2, b2 } = await tinyGraphModel();
    const m = wrapModel(model);
    expect(m.kind).toBe('graph');
    expect(m.output).toBe('logits');
    const x = tf.randomUniform([3, 4], -1, 1, 'float32', 7);
    const logits = m.predict(x);
    const expected = tf.tidy(() => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2));
    expect(maxRelativeError(logits.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
    const hidden = m.activations(x, 'hidden');
    expect(hidden.shape).toEqual([3, 5]);
    const { gradient, scores } = m.inputGradient(x, 1);
    const numeric = finiteDifferenceGradient(
      (v: tf.Tensor) => tf.slice(m.forwardBatched(v), [0, 1], [3, 1]),
      x,
    );
    expect(maxRelativeError(gradient.dataSync(), numeric)).toBeLessThan(1e-2);
    const layer = m.layerGradient(x, 'hidden', 1);
    // d logit_1 / d hidden = W2[:, 1] for every example.
    const col = tf.tidy(() => tf.tile(tf.reshape(tf.slice(w2, [0, 1], [5, 1]), [1, 5]), [3, 1]));
    expect(maxRelativeError(layer.gradient.dataSync(), col.dataSync())).toBeLessThan(1e-5);
    tf.dispose([
      x,
      logits,
      expected,
      hidden,
      gradient,
      scores,
      layer.activation,
      layer.gradient,
      layer.scores,
      col,
      w1,
      b1,
      w2,
      b2,
    ]);
    model.dispose();
  });

  it('wraps a function with a declared input shape', () => {
    const w = tf.tensor2d([
      [1, -2],
      [3, 0.5],
      [0, 1],
    ]);
    const m = wrapModel((x) => tf.matMul(x as tf.Tensor2D, w), { inputShape: [3] });
    expect(m.kind).toBe('function');
    const x = tf.tensor2d([[1, 2, 3]]);
    const { gradient } = m.inputGradient(x, 0);
    expect(Array.from(gradient.dataSync())).toEqual([1, 3, 0]);
    tf.dispose([w, x, gradient]);
  });
});
