import { buildMobileNetV2Like, expectNoTensorLeaks, maxRelativeError } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExplainableModel, wrapModel } from '../src/index.js';

const WEIGHT_GRADIENT_KERNELS = ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter'];

let source: tf.LayersModel;
let model: ExplainableModel;
let x: tf.Tensor;

beforeAll(async () => {
  await tf.setBackend('cpu');
  // MobileNetV2's architecture at a small resolution keeps the cpu test quick; the graph is the same.
  source = buildMobileNetV2Like({ inputSize: 64, alpha: 0.35, seed: 3 });
  model = wrapModel(source, { output: 'probabilities' });
  x = tf.randomUniform([1, 64, 64, 3], -1, 1, 'float32', 9);
});
afterAll(() => {
  x.dispose();
  model.dispose();
  source.dispose();
});

describe('explanation graph on a MobileNetV2-shaped model', () => {
  it('folds every BatchNorm that follows a linear layer', () => {
    const bnCount = source.layers.filter((l) => l.getClassName() === 'BatchNormalization').length;
    expect(bnCount).toBeGreaterThan(10);
    expect(model.graph?.folded.length).toBe(bnCount);
    expect(model.graph?.nodes.some((n) => n.op.kind === 'batchnorm')).toBe(false);
    expect(model.graph?.nodes.some((n) => n.op.kind === 'layer')).toBe(false);
  });

  it('dispatches no weight-gradient kernel for an input gradient (plain tf.grad does)', async () => {
    // tf.profile reuses one info object between calls: copy the names before profiling again.
    const ours = [
      ...(
        await tf.profile(() => {
          const { gradient, scores } = model.inputGradient(x, 3);
          return [gradient, scores];
        })
      ).kernelNames,
    ];
    expect(ours.filter((k) => WEIGHT_GRADIENT_KERNELS.includes(k))).toEqual([]);
    const plain = await tf.profile(() =>
      tf.grad((v: tf.Tensor) => tf.sum(tf.slice(source.apply(v) as tf.Tensor, [0, 3], [1, 1])))(x),
    );
    expect(plain.kernelNames).toContain('Conv2DBackpropFilter');
    // Folding also removes the BatchNorm kernels from the forward pass.
    expect(ours).not.toContain('FusedBatchNorm');
    expect(ours).not.toContain('FusedConv2D');
  });

  it('equals plain tf.grad on the unfolded model to 1e-4 relative', () => {
    const { gradient, scores } = model.inputGradient(x, 3);
    const reference = tf.tidy(() =>
      tf.grad((v: tf.Tensor) => tf.sum(tf.slice(source.apply(v) as tf.Tensor, [0, 3], [1, 1])))(x),
    );
    expect(maxRelativeError(gradient.dataSync(), reference.dataSync())).toBeLessThan(1e-4);
    const probs = source.predict(x) as tf.Tensor;
    expect(scores.dataSync()[0]).toBeCloseTo(probs.dataSync()[3], 6);
    tf.dispose([gradient, scores, reference, probs]);
  });

  it('predicts the same outputs folded and unfolded, and leaks nothing', async () => {
    const unfolded = wrapModel(source, { output: 'probabilities', foldBatchNorm: false });
    const a = model.predict(x);
    const b = unfolded.predict(x);
    const c = source.predict(x) as tf.Tensor;
    expect(maxRelativeError(a.dataSync(), c.dataSync())).toBeLessThan(1e-4);
    expect(maxRelativeError(b.dataSync(), c.dataSync())).toBeLessThan(1e-5);
    tf.dispose([a, b, c]);
    await expectNoTensorLeaks(() => model.inputGradient(x, 'predicted'));
    unfolded.dispose();
  });
});
