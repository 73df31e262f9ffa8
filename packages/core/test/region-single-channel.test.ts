import { expectNoTensorLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapModel } from '../src/index.js';

const H = 4;
let x: tf.Tensor4D;

/** A one-channel mask model (selfie-style): z = 1×1 conv of the input, then `activation`. */
function maskModel(activation: 'sigmoid' | 'linear'): tf.Sequential {
  const m = tf.sequential();
  m.add(
    tf.layers.conv2d({
      inputShape: [H, H, 2],
      filters: 1,
      kernelSize: 1,
      activation,
      weights: [tf.tensor4d([1, -1], [1, 1, 2, 1]), tf.tensor1d([0])],
    }),
  );
  return m;
}

/** z = x[..., 0] − x[..., 1] per position, for both examples. */
function logits(): Float32Array {
  const v = x.dataSync();
  return Float32Array.from({ length: 2 * H * H }, (_, p) => v[2 * p] - v[2 * p + 1]);
}

/** Σ over the positions an example's logit marks on (z > 0) of `value(z)`. */
function onSum(z: Float32Array, e: number, value: (z: number) => number): number {
  let s = 0;
  for (let p = 0; p < H * H; p++) if (z[e * H * H + p] > 0) s += value(z[e * H * H + p]);
  return s;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

beforeAll(async () => {
  await tf.setBackend('cpu');
  x = tf.randomUniform([2, H, H, 2], 0, 1, 'float32', 7) as tf.Tensor4D;
});
afterAll(() => x.dispose());

describe("{ region: 'predicted' } on a single-channel output (a sigmoid mask)", () => {
  it('covers the positions the mask marks on (logit > 0, probability > 0.5), in every view', async () => {
    const z = logits();
    const expected = {
      logits: [0, 1].map((e) => onSum(z, e, (v) => v)),
      probabilities: [0, 1].map((e) => onSum(z, e, sigmoid)),
      raw: [0, 1].map((e) => onSum(z, e, sigmoid)),
    };
    // Both examples have positions on and off, so a region of every position would give other sums.
    for (const e of [0, 1]) expect(onSum(z, e, () => 1)).toBeGreaterThan(0);
    for (const e of [0, 1]) expect(onSum(z, e, () => 1)).toBeLessThan(H * H);
    const model = maskModel('sigmoid');
    for (const output of ['logits', 'probabilities', 'raw'] as const) {
      const wrapped = wrapModel(model, { output });
      await expectNoTensorLeaks(async () => {
        const g = await wrapped.prepare(x, { region: 'predicted' });
        const scores = tf.tidy(() => g.target.select(wrapped.forwardBatched(x)));
        expect(Array.from(await scores.data())).toEqual(expected[output].map((v) => expect.closeTo(v, 5)));
        expect(g.target.indices).toEqual([null, null]);
        return [scores];
      });
      wrapped.dispose();
    }
    model.dispose();
  });

  it("'probabilities' on a one-channel model without a squash is its sigmoid (a softmax would be 1)", async () => {
    const model = maskModel('linear');
    const wrapped = wrapModel(model, { output: 'probabilities' });
    const z = logits();
    await expectNoTensorLeaks(async () => {
      const p = wrapped.predict(x);
      expect(Array.from(await p.data())).toEqual(Array.from(z, (v) => expect.closeTo(sigmoid(v), 5)));
      return [p];
    });
    wrapped.dispose();
    model.dispose();
  });
});
