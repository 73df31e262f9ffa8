import { expectThrowsWithoutLeaks, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExplainableModel,
  InputShapeError,
  InputValueError,
  OptionError,
  TargetError,
  UnknownLayerError,
  wrapModel,
} from '../src/index.js';

let model: ExplainableModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = wrapModel(tinyCnn());
});
afterAll(() => model.dispose());

describe('bad input gets typed errors that say what to do', () => {
  it('wrong rank', async () => {
    const x = tf.zeros([8, 8]);
    const err = await expectThrowsWithoutLeaks(() => model.predict(x));
    expect(err).toBeInstanceOf(InputShapeError);
    expect((err as Error).message).toMatch(/expects \[N, 8, 8, 1\]/);
    x.dispose();
  });

  it('wrong size', async () => {
    const x = tf.zeros([1, 9, 8, 1]);
    const err = await expectThrowsWithoutLeaks(() => model.inputGradient(x));
    expect(err).toBeInstanceOf(InputShapeError);
    expect((err as Error).message).toMatch(/Dimension 1 is 9, expected 8.*resize/);
    x.dispose();
  });

  it('non-float dtype', async () => {
    const x = tf.zeros([1, 8, 8, 1], 'int32');
    const err = await expectThrowsWithoutLeaks(() => model.predict(x));
    expect(err).toBeInstanceOf(InputValueError);
    expect((err as Error).message).toMatch(/int32.*toFloat/);
    x.dispose();
  });

  it('NaN and Infinity', async () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const x = tf.fill([1, 8, 8, 1], bad);
      const err = await expectThrowsWithoutLeaks(() => model.inputGradient(x));
      expect(err).toBeInstanceOf(InputValueError);
      expect((err as Error).message).toMatch(/NaN or Infinity/);
      x.dispose();
    }
  });

  it('unknown layer lists the layers', async () => {
    const x = tf.zeros([1, 8, 8, 1]);
    const err = await expectThrowsWithoutLeaks(() => model.layerGradient(x, 'conv9'));
    expect(err).toBeInstanceOf(UnknownLayerError);
    expect((err as Error).message).toMatch(/Unknown layer "conv9".*conv1, bn1, relu1, pool1, conv2/);
    x.dispose();
  });

  it('class out of range and a bad target function', async () => {
    const x = tf.zeros([2, 8, 8, 1]);
    for (const target of [4, -1, 1.5, [0, 9]]) {
      const err = await expectThrowsWithoutLeaks(() => model.inputGradient(x, target));
      expect(err).toBeInstanceOf(TargetError);
    }
    const wrongCount = await expectThrowsWithoutLeaks(() => model.inputGradient(x, [0, 1, 2]));
    expect((wrongCount as Error).message).toMatch(/3 target indices for 2 examples/);
    const badFn = await expectThrowsWithoutLeaks(() => model.inputGradient(x, (s) => s));
    expect(badFn).toBeInstanceOf(TargetError);
    expect((badFn as Error).message).toMatch(/one scalar per example/);
    x.dispose();
  });

  it('bad wrap options', () => {
    const cnn = tinyCnn();
    expect(() => wrapModel(cnn, { inputRange: [1, 0] })).toThrow(OptionError);
    expect(() => wrapModel(cnn, { preprocess: { std: [0] } })).toThrow(OptionError);
    expect(() => wrapModel(cnn, { output: 'softmax' as 'raw' })).toThrow(/output must be/);
    expect(() => wrapModel({} as tf.LayersModel)).toThrow(InputValueError);
  });
});

describe('prepare (asynchronous validation)', () => {
  it('batches, resolves the target and rejects bad input like the synchronous path', async () => {
    const x = tf.randomUniform([8, 8, 1], 0, 1, 'float32', 2);
    const before = tf.memory().numTensors;
    const { input, target } = await model.prepare(x, 'predicted');
    expect(input.hadBatch).toBe(false);
    expect(input.batched.shape).toEqual([1, 8, 8, 1]);
    expect(target.indices).toHaveLength(1);
    input.batched.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const nan = tf.fill([1, 8, 8, 1], Number.NaN);
    await expect(model.prepare(nan)).rejects.toBeInstanceOf(InputValueError);
    await expect(model.prepare(x, 7)).rejects.toBeInstanceOf(TargetError);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([x, nan]);
  });

  it('resolveTargetAsync fixes the same targets as resolveTarget, leak-free, with the same errors', async () => {
    const x = tf.randomUniform([3, 8, 8, 1], 0, 1, 'float32', 5);
    const before = tf.memory().numTensors;
    for (const target of ['predicted', 2, [0, 1, 3]] as const) {
      const sync = model.resolveTarget(x, target);
      const async = await model.resolveTargetAsync(x, target);
      expect(async.indices).toEqual(sync.indices);
    }
    expect(tf.memory().numTensors).toBe(before);
    await expect(model.resolveTargetAsync(x, 9)).rejects.toBeInstanceOf(TargetError);
    await expect(model.resolveTargetAsync(x, [0, 1])).rejects.toBeInstanceOf(TargetError);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('selects the single output of a one-output model for any index target 0', () => {
    const single = wrapModel((v) => tf.sum(v, [1, 2, 3]).reshape([-1, 1]), { inputShape: [8, 8, 1] });
    const x = tf.ones([2, 8, 8, 1]);
    const { scores, gradient } = single.inputGradient(x, 0);
    expect(Array.from(scores.dataSync())).toEqual([64, 64]);
    tf.dispose([x, scores, gradient]);
  });
});
