import { readFile } from 'node:fs/promises';
import { ModelLoadError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  encodeReview,
  generateToyReviews,
  loadToySentiment,
  PAD_ID,
  TOY_SENTIMENT_SEQUENCE_LENGTH,
  textAssetUrls,
  tokenizeReview,
  toyReviewSplit,
  UNKNOWN_ID,
} from '../src/index.js';
import { NEGATIONS, NEGATIVE_WORDS, POSITIVE_WORDS } from '../src/review-lexicon.js';

interface SentimentRecord {
  heldOutSeed: number;
  heldOutReviews: number;
  heldOutAccuracy: number;
  heldOutNegatedAccuracy: number;
  vocabularySize: number;
}

async function record(): Promise<SentimentRecord> {
  return JSON.parse(
    await readFile(new URL('../assets/toy-sentiment/training.json', import.meta.url), 'utf8'),
  ) as SentimentRecord;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('generateToyReviews', () => {
  it('is seeded, keeps the splits apart, and labels each review by its one opinion word and negation', () => {
    const a = generateToyReviews({ count: 300, seed: 9, split: 'train' });
    expect(generateToyReviews({ count: 300, seed: 9, split: 'train' })).toEqual(a);
    const held = generateToyReviews({ count: 300, seed: 9 });
    const trainTexts = new Set(
      generateToyReviews({ count: 3000, seed: 1, split: 'train' }).map((r) => r.text),
    );
    for (const r of held) {
      expect(toyReviewSplit(r.text)).toBe('held-out');
      expect(trainTexts.has(r.text)).toBe(false);
    }
    const positive: readonly string[] = POSITIVE_WORDS;
    const negative: readonly string[] = NEGATIVE_WORDS;
    const negations: readonly string[] = NEGATIONS;
    for (const r of [...a, ...held]) {
      expect(r.tokens.length).toBeLessThanOrEqual(TOY_SENTIMENT_SEQUENCE_LENGTH);
      const opinions = r.tokens.filter((t) => positive.includes(t) || negative.includes(t));
      expect(opinions).toEqual([r.tokens[r.opinion]]);
      const negated = r.tokens.some((t) => negations.includes(t));
      expect(r.negation === null).toBe(!negated);
      if (r.negation !== null) expect(r.negation).toBeLessThan(r.opinion);
      expect(r.label).toBe(positive.includes(r.tokens[r.opinion]) !== negated ? 1 : 0);
    }
    const labels = held.map((r) => r.label);
    expect(labels.filter((l) => l === 1).length / labels.length).toBeGreaterThan(0.4);
    expect(held.filter((r) => r.negation !== null).length / held.length).toBeGreaterThan(0.25);
  });

  it('tokenizes as `loupe text` does: lower-cased words (apostrophes kept) and punctuation marks', () => {
    expect(tokenizeReview("Honestly, the Pizza wasn't GOOD!")).toEqual([
      'honestly',
      ',',
      'the',
      'pizza',
      "wasn't",
      'good',
      '!',
    ]);
  });
});

describe('loadToySentiment', () => {
  it('loads the model, vocabulary and encoder with the documented shapes and ids, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const sentiment = await loadToySentiment();
    const { model, vocabulary } = sentiment;
    expect(tf.memory().numTensors - before).toBe(model.weights.length);
    expect(model.layers.map((l) => l.name)).toEqual(['embedding', 'conv', 'pool', 'scores']);
    expect(model.inputs[0].shape).toEqual([null, TOY_SENTIMENT_SEQUENCE_LENGTH]);
    expect(model.outputs[0].shape).toEqual([null, 2]);
    expect(model.getLayer('conv').outputShape).toEqual([null, TOY_SENTIMENT_SEQUENCE_LENGTH, 32]);
    expect(sentiment.classNames).toEqual(['negative', 'positive']);
    expect([sentiment.sequenceLength, sentiment.padId, sentiment.unknownId]).toEqual([
      16,
      PAD_ID,
      UNKNOWN_ID,
    ]);
    expect([vocabulary.ids.get('[PAD]'), vocabulary.ids.get('[UNK]'), vocabulary.unknown]).toEqual([0, 1, 1]);
    expect(vocabulary.ids.size).toBe((await record()).vocabularySize);
    expect(new Set(vocabulary.ids.values()).size).toBe(vocabulary.ids.size);
    const { tokens, ids } = sentiment.encode('The pizza was not zorbly good .');
    expect(tokens).toEqual(['The', 'pizza', 'was', 'not', 'zorbly', 'good', '.']);
    expect(ids[4]).toBe(UNKNOWN_ID);
    expect(ids[0]).toBe(vocabulary.ids.get('the'));
    expect(ids[2]).toBe(vocabulary.ids.get('was'));
    expect(Array.from(ids.slice(7))).toEqual(new Array(9).fill(PAD_ID));
    const long = encodeReview('good '.repeat(20), vocabulary);
    expect(long.tokens).toHaveLength(16);
    expect(new Set(long.ids)).toEqual(new Set([vocabulary.ids.get('good')]));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reaches its recorded held-out accuracy (negated reviews too) on freshly generated held-out reviews', async () => {
    const r = await record();
    const sentiment = await loadToySentiment();
    const reviews = generateToyReviews({ count: r.heldOutReviews, seed: r.heldOutSeed, split: 'held-out' });
    const ids = new Int32Array(reviews.length * TOY_SENTIMENT_SEQUENCE_LENGTH);
    reviews.forEach((review, i) => {
      ids.set(sentiment.encode(review.text).ids, i * TOY_SENTIMENT_SEQUENCE_LENGTH);
      expect(sentiment.encode(review.text).ids).not.toContain(UNKNOWN_ID);
    });
    const before = tf.memory().numTensors;
    const predicted = tf.tidy(() =>
      (
        sentiment.model.predict(
          tf.tensor2d(ids, [reviews.length, TOY_SENTIMENT_SEQUENCE_LENGTH], 'int32'),
        ) as tf.Tensor
      )
        .argMax(-1)
        .dataSync(),
    );
    expect(tf.memory().numTensors).toBe(before);
    const right = reviews.map((review, i) => predicted[i] === review.label);
    const negated = reviews.filter((review) => review.negation !== null);
    const accuracy = right.filter(Boolean).length / reviews.length;
    const negatedAccuracy =
      reviews.filter((review, i) => review.negation !== null && right[i]).length / negated.length;
    expect(accuracy).toBeGreaterThanOrEqual(r.heldOutAccuracy);
    expect(negatedAccuracy).toBeGreaterThanOrEqual(r.heldOutNegatedAccuracy);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(negatedAccuracy).toBeGreaterThanOrEqual(0.95);
    sentiment.model.dispose();
  });

  it('rejects a vocabulary whose pad or unknown id differs from training', async () => {
    const bad = `data:application/json,${encodeURIComponent('{"[PAD]":1,"[UNK]":0,"good":2}')}`;
    await expect(loadToySentiment({ vocabUrl: bad })).rejects.toThrow(ModelLoadError);
    await expect(loadToySentiment({ vocabUrl: bad })).rejects.toThrow(/\[PAD\] to 0/);
    const missing = new URL('./absent.json', textAssetUrls.sentimentVocab);
    await expect(loadToySentiment({ vocabUrl: missing })).rejects.toThrow(ModelLoadError);
  });
});
