import { expectNoTensorLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { withGradientOverride } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Guided-backprop style: pass only positive upstream gradients where the input was positive.
const guidedRelu: tf.GradConfig = {
  kernelName: 'Relu',
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => tf.mul(tf.relu(dy as tf.Tensor), tf.step(x)) };
  },
};

function reluGrad(): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor1d([-1, 2, 3]);
    // d/dx Σ w·relu(x) with w = [1, −1, 2]
    return tf
      .grad((v: tf.Tensor) => tf.sum(tf.mul(tf.relu(v), tf.tensor1d([1, -1, 2]))))(x)
      .dataSync() as Float32Array;
  });
}

describe('withGradientOverride', () => {
  it('replaces the gradient inside the scope only', () => {
    expect(Array.from(reluGrad())).toEqual([0, -1, 2]);
    const inside = withGradientOverride([guidedRelu], () => reluGrad());
    expect(Array.from(inside)).toEqual([0, 0, 2]);
    expect(Array.from(reluGrad())).toEqual([0, -1, 2]);
    expect(tf.getGradient('Relu')).not.toBe(guidedRelu);
  });

  it('restores the original gradient when the scope throws', () => {
    const original = tf.getGradient('Relu');
    expect(() =>
      withGradientOverride([guidedRelu], () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(tf.getGradient('Relu')).toBe(original);
    expect(Array.from(reluGrad())).toEqual([0, -1, 2]);
  });

  it('restores after an async scope settles, resolved or rejected', async () => {
    const original = tf.getGradient('Relu');
    const value = await withGradientOverride([guidedRelu], async () => reluGrad());
    expect(Array.from(value)).toEqual([0, 0, 2]);
    await expect(
      withGradientOverride([guidedRelu], async () => Promise.reject(new Error('late'))),
    ).rejects.toThrow('late');
    expect(tf.getGradient('Relu')).toBe(original);
  });

  it('removes an override for a kernel that had no gradient before', () => {
    const fake: tf.GradConfig = { kernelName: 'LoupeFakeKernel', gradFunc: () => ({}) };
    withGradientOverride([fake], () => expect(tf.getGradient('LoupeFakeKernel')).toBe(fake));
    expect(tf.getGradient('LoupeFakeKernel')).toBeUndefined();
  });

  it('leaks no tensors', async () => {
    await expectNoTensorLeaks(() =>
      withGradientOverride([guidedRelu], () =>
        tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(tf.relu(v)))(tf.tensor1d([1, -1]))),
      ),
    );
  });
});
