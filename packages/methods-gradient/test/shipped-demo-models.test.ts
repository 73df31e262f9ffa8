import { explain, wrapModel } from '@loupe/core';
import {
  generateToyReviews,
  loadMnistSamples,
  loadMnistSegmenter,
  loadToySentiment,
  SEGMENTER_INK_THRESHOLD,
  type ToyReview,
  type ToySentiment,
} from '@loupe/models';
import { expectNoTensorLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerGradientMethods } from '../src/index.js';

// The demo models @loupe/models ships for the playground's text and region modes, explained as users will.
let sentiment: ToySentiment;
let reviews: ToyReview[];
let ids: tf.Tensor2D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerGradientMethods();
  sentiment = await loadToySentiment();
  // 24 held-out reviews (a split never trained on), half of them negated.
  const drawn = generateToyReviews({ count: 100, seed: 2026, split: 'held-out' });
  reviews = [
    ...drawn.filter((r) => r.negation !== null).slice(0, 12),
    ...drawn.filter((r) => r.negation === null).slice(0, 12),
  ];
  const rows = reviews.map((r) => Array.from(sentiment.encode(r.text).ids));
  ids = tf.tensor2d(rows, [rows.length, sentiment.sequenceLength], 'int32');
});
afterAll(() => {
  ids.dispose();
  sentiment.model.dispose();
});

describe('token attribution on the shipped toy sentiment classifier', () => {
  for (const technique of ['integrated-gradients', 'input-x-gradient', 'deeplift'] as const) {
    it(`${technique}: the deciding opinion word (or its negation) gets the largest |score|`, async () => {
      await expectNoTensorLeaks(async () => {
        const a = await explain(sentiment.model, ids, { method: 'token-attribution', technique });
        expect(a.shape).toEqual([reviews.length, sentiment.sequenceLength]);
        expect(a.target).toEqual(reviews.map((r) => r.label));
        const v = await a.data();
        reviews.forEach((review, e) => {
          const t = sentiment.sequenceLength;
          const row = Array.from(v.slice(e * t, (e + 1) * t), Math.abs);
          const top = row.indexOf(Math.max(...row));
          expect([review.opinion, review.negation], `${technique}: ${review.text}`).toContain(top);
        });
        return a;
      });
    });
  }

  it('integrated gradients is complete within 1%: scores sum to f(ids) − f(all padding)', async () => {
    await expectNoTensorLeaks(async () => {
      const a = await explain(sentiment.model, ids, { method: 'token-attribution', steps: 50 });
      const sums = tf.tidy(() => tf.sum(a.values, 1).dataSync());
      (a.meta.convergenceDelta as number[]).forEach((delta, e) => {
        expect(Math.abs(delta), reviews[e].text).toBeLessThan(0.01 * Math.abs(sums[e] - delta));
      });
      return a;
    });
  });
});

describe("the shipped MNIST segmenter under { region: 'predicted', class }", () => {
  let model: tf.LayersModel;
  let digits: tf.Tensor4D;
  let labels: number[];
  /** Per digit, 784 values each: 1 on the ink (the training truth's digit pixels), and on the ink grown by one pixel. */
  let ink: Float32Array;
  let nearInk: Float32Array;

  beforeAll(async () => {
    model = await loadMnistSegmenter();
    const samples = await loadMnistSamples();
    const picks = [0, 3, 7].map((k) => samples.labels.indexOf(k));
    digits = tf.gather(samples.images, picks) as tf.Tensor4D;
    labels = picks.map((i) => samples.labels[i]);
    samples.images.dispose();
    [ink, nearInk] = tf.tidy(() => {
      const mask = tf.cast(tf.greaterEqual(digits, SEGMENTER_INK_THRESHOLD), 'float32') as tf.Tensor4D;
      return [mask.dataSync() as Float32Array, tf.maxPool(mask, 3, 1, 'same').dataSync() as Float32Array];
    });
  });
  afterAll(() => {
    digits.dispose();
    model.dispose();
  });

  /** The share of Σ|attribution| over digit e's pixels that lies where `mask` is 1, and the mask's share of pixels. */
  function share(values: ArrayLike<number>, mask: Float32Array, e: number): { mass: number; area: number } {
    let on = 0;
    let all = 0;
    let area = 0;
    for (let p = 0; p < 784; p++) {
      all += Math.abs(values[p]);
      on += mask[e * 784 + p] * Math.abs(values[p]);
      area += mask[e * 784 + p] / 784;
    }
    return { mass: on / all, area };
  }

  /** Explains each digit's predicted pixels of its own class. */
  async function explainDigits(method: 'saliency' | 'integrated-gradients') {
    const wrapped = wrapModel(model, { inputRange: [0, 1] });
    const out = [];
    for (let e = 0; e < labels.length; e++) {
      const x = tf.slice(digits, [e, 0, 0, 0], [1, -1, -1, -1]);
      const a = await explain(wrapped, x, { method, target: { region: 'predicted', class: labels[e] + 1 } });
      out.push({ values: await a.data(), delta: a.meta.convergenceDelta as number[] | undefined });
      x.dispose();
      a.dispose();
    }
    wrapped.dispose();
    return out;
  }

  it('integrated gradients: over 90% of |attribution| on the ink, complete within 1%', async () => {
    await expectNoTensorLeaks(async () => {
      const runs = await explainDigits('integrated-gradients');
      runs.forEach(({ values, delta }, e) => {
        expect(share(values, ink, e).mass, `digit ${labels[e]}`).toBeGreaterThan(0.9);
        const sum = Array.from(values).reduce((a, b) => a + b, 0);
        expect(Math.abs(delta?.[0] ?? Number.NaN)).toBeLessThan(0.01 * Math.abs(sum - (delta?.[0] ?? 0)));
      });
    });
  });

  it("saliency: most of |gradient| within one pixel of the ink, and ≥ 1.5× the ink's area share on it", async () => {
    await expectNoTensorLeaks(async () => {
      const runs = await explainDigits('saliency');
      runs.forEach(({ values }, e) => {
        expect(share(values, nearInk, e).mass, `digit ${labels[e]}`).toBeGreaterThan(0.5);
        const onInk = share(values, ink, e);
        expect(onInk.mass, `digit ${labels[e]}`).toBeGreaterThan(1.5 * onInk.area);
      });
    });
  });
});
