import { gaussianBlur, OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, linearModel, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { blurIntegratedGradients } from '../src/index.js';
import { disposeAll, images, relErr, smoothCnn } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A linear model on 6×6×1 images: flatten → dense(1). */
function linearImageModel(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.flatten({ inputShape: [6, 6, 1] }));
  m.add(
    tf.layers.dense({
      units: 1,
      kernelInitializer: tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: 8 }),
      name: 'score',
    }),
  );
  return m;
}

describe('blurIntegratedGradients', () => {
  it('equals w ⊙ (x − blur(x, maxSigma)) on a linear model for any steps', async () => {
    const model = linearImageModel();
    const x = images(2, 6, 1, 7);
    const w = model.getLayer('score').getWeights()[0].dataSync();
    const blurred = gaussianBlur(x, 3);
    const expected = tf
      .tidy(() => tf.mul(tf.sub(x, blurred), tf.tile(tf.reshape(tf.tensor(w), [1, 6, 6, 1]), [2, 1, 1, 1])))
      .dataSync();
    for (const steps of [1, 5]) {
      await expectNoTensorLeaks(async () => {
        const a = await blurIntegratedGradients(model, x, { target: 0, maxSigma: 3, steps });
        expect(relErr(await a.data(), expected)).toBeLessThan(1e-4);
        return a;
      });
    }
    disposeAll(x, blurred);
  });

  it('is nearly complete on a smooth CNN and converges as steps grow', async () => {
    const model = wrapModel(smoothCnn());
    const x = images(1, 8, 1, 2);
    const deltas: number[] = [];
    let sum = 0;
    for (const steps of [8, 128]) {
      const a = await blurIntegratedGradients(model, x, { target: 1, maxSigma: 4, steps });
      deltas.push(Math.abs((a.meta.convergenceDelta as number[])[0]));
      sum = tf.tidy(() => tf.sum(a.values).dataSync()[0]);
      a.dispose();
    }
    expect(deltas[1]).toBeLessThan(deltas[0] / 4);
    expect(deltas[1]).toBeLessThan(0.01 * Math.abs(sum - deltas[1]));
    tf.dispose(x);
    model.dispose();
  });

  it('rejects non-image inputs with OptionError', async () => {
    const model = linearModel([[1, 2]]);
    const x = tf.zeros([1, 2]);
    expect(await expectThrowsWithoutLeaks(() => blurIntegratedGradients(model, x))).toBeInstanceOf(
      OptionError,
    );
    x.dispose();
  });

  it('runs on a CNN without leaking', async () => {
    const model = wrapModel(tinyCnn());
    const x = images(2);
    await expectNoTensorLeaks(() => blurIntegratedGradients(model, x, { steps: 6, batchSize: 5 }));
    x.dispose();
    model.dispose();
  });
});
