import { expectNoTensorLeaks, expectThrowsWithoutLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFunctionGradient, ModelFunctionError, wrapModel } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const W = tf.tensor2d([
  [1, -2],
  [0.5, 3],
  [-1, 1],
]);
/** A well-behaved linear function model [N, 3] → [N, 2]. */
const linear = (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, W);

describe('issue 16 item 6: function models', () => {
  const x = tf.tensor2d([
    [1, 2, 3],
    [0, -1, 2],
    [4, 0, 1],
  ]);

  it('a function returning the wrong batch size is a ModelFunctionError, without leaks', async () => {
    // Always one row, whatever the batch: tfjs would broadcast it or fail with a shape error mid-method.
    const oneRow = (v: tf.Tensor) => tf.sum(tf.matMul(v as tf.Tensor2D, W), 0, true);
    const model = wrapModel(oneRow, { inputShape: [3] });
    for (const call of [
      () => model.predict(x),
      () => model.inputGradient(x, 0),
      () => model.inputGradient(x, 'predicted'),
    ]) {
      const err = await expectThrowsWithoutLeaks(call);
      expect(err).toBeInstanceOf(ModelFunctionError);
      expect((err as Error).message).toMatch(/returned shape \[1, 2\] for a batch of 3.*one row per input/);
    }
    // A function that returns something other than a tensor.
    const notTensor = wrapModel((() => [1, 2]) as unknown as (v: tf.Tensor) => tf.Tensor);
    const err = await expectThrowsWithoutLeaks(() => notTensor.predict(x));
    expect(err).toBeInstanceOf(ModelFunctionError);
    expect((err as Error).message).toMatch(/returned object.*tf\.Tensor/);
  });

  it('a function that breaks the gradient (dataSync) is a ModelFunctionError before any tape, without leaks', async () => {
    const readsBack = (v: tf.Tensor) => {
      const values = v.dataSync();
      return tf.matMul(tf.tensor2d(values, v.shape as [number, number]), W);
    };
    const model = wrapModel(readsBack, { inputShape: [3] });
    // Forward-only use is fine: the function keeps the batch size.
    await expectNoTensorLeaks(() => model.predict(x));
    const err = await expectThrowsWithoutLeaks(() => model.inputGradient(x, 1));
    expect(err).toBeInstanceOf(ModelFunctionError);
    expect((err as Error).message).toMatch(/no gradient.*dataSync\(\).*perturbation method/);
    // A one-example input (no batch dimension) is probed as a batch of one and of two.
    const one = tf.tensor1d([1, 2, 3]);
    expect(await expectThrowsWithoutLeaks(() => model.inputGradient(one, 0))).toBeInstanceOf(
      ModelFunctionError,
    );
    one.dispose();
  });

  it('a well-behaved function passes the probe and its gradient is W’s column, without leaks', async () => {
    const model = wrapModel(linear, { inputShape: [3] });
    await expectNoTensorLeaks(() => checkFunctionGradient(model, x));
    await expectNoTensorLeaks(async () => {
      const { gradient, scores } = model.inputGradient(x, 1);
      expect(gradient.arraySync()).toEqual([
        [-2, 3, 1],
        [-2, 3, 1],
        [-2, 3, 1],
      ]);
      tf.dispose([gradient, scores]);
    });
  });
});
