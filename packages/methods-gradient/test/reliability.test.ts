import { InputValueError, MemoryBudgetError, ModelFunctionError, OptionError } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, linearModel, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deepLift,
  expectedGradients,
  gradCam,
  integratedGradients,
  saliency,
  smoothGrad,
} from '../src/index.js';
import { images } from './fixtures.js';

let cnn: tf.LayersModel;
let x: tf.Tensor4D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  cnn = tinyCnn({ seed: 4 });
  x = images(2, 8, 1, 11);
});
afterAll(() => {
  x.dispose();
  cnn.dispose();
});

/** An [8, 8, 1] tensor with one NaN or Infinity at pixel (2, 3). */
function poisoned(value: number): tf.Tensor {
  const data = new Float32Array(64).fill(0.5);
  data[2 * 8 + 3] = value;
  return tf.tensor(data, [8, 8, 1]);
}

describe('issue 16 item 4: NaN in, NaN out', () => {
  it('NaN or infinite baselines of integrated gradients, expected gradients and DeepLIFT are InputValueErrors', async () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const bad = poisoned(value);
      const batch = tf.stack([bad, bad]);
      const zeros = tf.zeros([8, 8, 1]);
      const calls = [
        () => integratedGradients(cnn, x, { baseline: bad, steps: 4, target: 0 }),
        () => integratedGradients(cnn, x, { baseline: [zeros, bad], steps: 4, target: 0 }),
        () => expectedGradients(cnn, x, { baselines: batch, samples: 4, target: 0 }),
        () => deepLift(cnn, x, { baseline: bad, target: 0 }),
      ];
      for (const call of calls) {
        const err = await expectThrowsWithoutLeaks(call);
        expect(err).toBeInstanceOf(InputValueError);
        expect((err as Error).message).toMatch(/baseline.*NaN or Infinity/);
      }
      tf.dispose([bad, batch, zeros]);
    }
    // A numeric DeepLIFT baseline is an option value: NaN there is an OptionError.
    expect(
      await expectThrowsWithoutLeaks(() => deepLift(cnn, x, { baseline: Number.NaN, target: 0 })),
    ).toBeInstanceOf(OptionError);
  });
});

describe("issue 16 item 5: wrong defaults that look right (Grad-CAM layer 'auto')", () => {
  it("'auto' on a model without a convolutional layer is an OptionError listing the candidates", async () => {
    // The input [8, 8, 1] is spatial, but a CAM of the input layer is no class activation map.
    const dense = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [8, 8, 1], name: 'flat' }),
        tf.layers.dense({ units: 3, name: 'logits' }),
      ],
    });
    const err = await expectThrowsWithoutLeaks(() => gradCam(dense, x, { target: 0 }));
    expect(err).toBeInstanceOf(OptionError);
    expect((err as Error).message).toMatch(/'auto' found no convolutional.*spatial layers: .*InputLayer/);
    // Naming the input layer explicitly is still allowed: the user asked for it.
    const inputName = dense.layers[0].inboundNodes[0].inboundLayers[0].name;
    await expectNoTensorLeaks(() => gradCam(dense, x, { target: 0, layer: inputName }));
    dense.dispose();
    // A model with a convolution still picks its last spatial feature layer.
    await expectNoTensorLeaks(async () => {
      const a = await gradCam(cnn, x, { target: 0 });
      expect(a.meta.layer).not.toMatch(/input/);
      return a;
    });
  });
});

describe('issue 16 item 6: function models in gradient methods', () => {
  const w = tf.randomNormal([64, 3], 0, 1, 'float32', 2);
  const affine = (v: tf.Tensor) => tf.matMul(tf.reshape(v, [v.shape[0], 64]), w);
  afterAll(() => w.dispose());

  it('a function returning the wrong batch size, or cutting the gradient with dataSync, is a ModelFunctionError without leaks', async () => {
    const oneRow = (v: tf.Tensor) => tf.mean(affine(v), 0, true);
    const readsBack = (v: tf.Tensor) => affine(tf.tensor(v.dataSync(), v.shape));
    for (const [fn, pattern] of [
      [oneRow, /returned shape \[1, 3\] for a batch of 2/],
      [readsBack, /no gradient.*dataSync/],
    ] as const) {
      for (const call of [
        () => saliency(fn, x, { target: 1 }),
        () => integratedGradients(fn, x, { target: 1, steps: 4 }),
        () => smoothGrad(fn, x, { target: 1, samples: 2 }),
      ]) {
        const err = await expectThrowsWithoutLeaks(call);
        expect(err).toBeInstanceOf(ModelFunctionError);
        expect((err as Error).message).toMatch(pattern);
      }
    }
    // The same function written with tf operations explains fine.
    await expectNoTensorLeaks(() => saliency(affine, x, { target: 1 }));
  });

  it('the probe does not reject a linear model of flat inputs', async () => {
    const lin = linearModel([[1, -1]]);
    const input = tf.tensor2d([[0.5, 2]]);
    await expectNoTensorLeaks(() => saliency(lin, input, { target: 0 }));
    tf.dispose([input]);
    lin.dispose();
  });
});

describe('issue 16 item 7: unbounded work (gradient batches)', () => {
  it('batchSize past the schema maximum is an OptionError; a batch too big for the backend a MemoryBudgetError', async () => {
    const err = await expectThrowsWithoutLeaks(() => integratedGradients(cnn, x, { batchSize: 1e6 }));
    expect(err).toBeInstanceOf(OptionError);
    expect((err as Error).message).toMatch(/batchSize.*≤ 4096/);
    const big = tf.zeros([1, 1024, 1024, 3]);
    const mean = (v: tf.Tensor) => tf.mean(v, [1, 2]);
    const refused = await expectThrowsWithoutLeaks(() =>
      integratedGradients(mean, big, { batchSize: 4096, steps: 8, target: 0 }),
    );
    expect(refused).toBeInstanceOf(MemoryBudgetError);
    expect((refused as Error).message).toMatch(/gradient batch of 4096 points.*needs about \d+ GB/);
    big.dispose();
  });
});
