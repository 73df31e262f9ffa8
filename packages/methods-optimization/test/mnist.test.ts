// The three regimes on the shipped MNIST CNN, all ten digits at once (a batch of 10, image n for class n:
// the loss is a sum of per-image terms and Adam is elementwise, so this is ten independent runs).

import { type ExplainableModel, wrapModel } from '@loupe/core';
import { loadMnistCnn, loadMnistGenerator, loadMnistSamples, type MnistGenerator } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ActivationMaximizationOptions,
  type ActivationMaximizationResult,
  activationMaximization,
  classLogit,
  classProbability,
  type DensityPrior,
  fitDensityPrior,
  scaleObjective,
  sumObjectives,
  totalVariation,
} from '../src/index.js';
import { maxAbsDiff } from './helpers.js';

const DIGITS = Array.from({ length: 10 }, (_, i) => i);
const STEPS = 48;

let cnn: tf.LayersModel;
let model: ExplainableModel;
let generator: MnistGenerator;
let prior: DensityPrior;
let judge: DensityPrior;
const results = new Map<string, Promise<ActivationMaximizationResult>>();

/** Runs a regime once (on first use) for all ten digits; later tests reuse the result. */
function regime(name: string): Promise<ActivationMaximizationResult> {
  let r = results.get(name);
  if (!r) {
    r = name === 'code-space' ? codeSpaceBestOfStarts() : runWithoutLeaks(REGIMES[name]());
    results.set(name, r);
  }
  return r;
}

async function runWithoutLeaks(
  options: Partial<ActivationMaximizationOptions>,
): Promise<ActivationMaximizationResult> {
  const before = tf.memory().numTensors;
  const result = await activationMaximization(model, {
    objective: classLogit(DIGITS),
    batch: 10,
    steps: STEPS,
    seed: 1,
    ...options,
  });
  const owned = result.latent ? 2 : 1;
  expect(tf.memory().numTensors - before).toBe(owned);
  return result;
}

/** Per image: [probability of its own class, its logit]. */
function ownClass(image: tf.Tensor): { probability: number[]; logit: number[] } {
  return tf.tidy(() => {
    const logits = model.predict(image) as tf.Tensor2D;
    const mask = tf.oneHot(tf.tensor1d(DIGITS, 'int32'), 10);
    return {
      probability: Array.from(tf.sum(tf.mul(tf.softmax(logits), mask), 1).dataSync()),
      logit: Array.from(tf.sum(tf.mul(logits, mask), 1).dataSync()),
    };
  });
}

const REGIMES: Record<string, () => Partial<ActivationMaximizationOptions>> = {
  'score-only': () => ({ preset: 'score-only' }),
  'expert-prior': () => ({ preset: 'expert-prior' }),
  density: () => ({ preset: 'expert-prior', prior: { density: { model: prior, weight: 0.02 } } }),
};

const STARTS = 3;
const SPREAD = Array.from({ length: 10 * STARTS }, (_, i) => i % 10);

/**
 * Code space is non-convex (a start can settle where another digit's logit rises with the target's), so
 * it runs three seeded starts per digit in one batch and keeps, per digit, the start with the highest
 * final objective — logit + 10·log p, whose log-probability term makes the target class win outright.
 */
async function codeSpaceBestOfStarts(): Promise<ActivationMaximizationResult> {
  const objective = sumObjectives(classLogit(SPREAD), scaleObjective(classProbability(SPREAD), 10));
  const before = tf.memory().numTensors;
  const all = await activationMaximization(model, {
    objective,
    batch: SPREAD.length,
    preset: 'code-space',
    generator,
    steps: 128,
    seed: 1,
  });
  const best = tf.tidy(() => {
    const logits = model.predict(all.image) as tf.Tensor2D;
    const mask = tf.oneHot(tf.tensor1d(SPREAD, 'int32'), 10);
    const score = tf.sum(tf.mul(tf.add(logits, tf.mul(tf.logSoftmax(logits), 10)), mask), 1);
    return tf.argMax(tf.reshape(score, [STARTS, 10]), 0);
  });
  const rows = Array.from(best.dataSync()).map((start, digit) => start * 10 + digit);
  best.dispose();
  const result = tf.tidy(() => {
    const index = tf.tensor1d(rows, 'int32');
    return {
      image: tf.gather(all.image, index),
      latent: tf.gather(all.latent as tf.Tensor, index) as tf.Tensor2D,
      history: all.history,
    };
  });
  all.image.dispose();
  all.latent?.dispose();
  expect(tf.memory().numTensors - before).toBe(2);
  return result;
}

function mean(values: ArrayLike<number>): number {
  return Array.from(values).reduce((a, b) => a + b, 0) / values.length;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  cnn = await loadMnistCnn();
  model = wrapModel(cnn, { inputRange: [0, 1] });
  generator = await loadMnistGenerator();
  const { images } = await loadMnistSamples();
  // The prior and the judge are fitted on disjoint halves, so a higher likelihood is not just memorised.
  // Diagonal Gaussians keep the suite fast; the other kinds are tested on small data in density.test.ts.
  const [even, odd] = tf.tidy(() => {
    const idx = tf.range(0, images.shape[0] / 2, 1, 'int32');
    return [
      tf.gather(images, tf.mul(idx, tf.scalar(2, 'int32'))),
      tf.gather(images, tf.add(tf.mul(idx, tf.scalar(2, 'int32')), tf.scalar(1, 'int32'))),
    ];
  });
  prior = await fitDensityPrior(even);
  judge = await fitDensityPrior(odd);
  for (const t of [images, even, odd]) t.dispose();
});

afterAll(async () => {
  for (const pending of results.values()) {
    const r = await pending;
    r.image.dispose();
    r.latent?.dispose();
  }
  prior?.dispose();
  judge?.dispose();
  model?.dispose();
  cnn?.dispose();
  generator?.model.dispose();
});

describe('shipped MNIST CNN', () => {
  it.each(['score-only', 'expert-prior', 'density', 'code-space'])(
    '%s: every digit is classified as its class with p ≥ 0.99',
    async (name) => {
      const { probability } = ownClass((await regime(name)).image);
      console.info(`[mnist] ${name}: p(own class) min ${Math.min(...probability).toFixed(4)}`);
      for (const p of probability) expect(p).toBeGreaterThanOrEqual(0.99);
    },
  );

  it('the expert prior lowers total variation against score-only at a comparable score', async () => {
    const naive = await regime('score-only');
    const expert = await regime('expert-prior');
    const tv = (r: ActivationMaximizationResult) =>
      tf.tidy(() => Array.from(totalVariation(r.image as tf.Tensor4D, 1).dataSync()));
    const [tvNaive, tvExpert] = [tv(naive), tv(expert)];
    const [pNaive, pExpert] = [ownClass(naive.image).probability, ownClass(expert.image).probability];
    console.info(
      `[mnist] TV¹ score-only ${mean(tvNaive).toFixed(4)}, expert-prior ${mean(tvExpert).toFixed(4)}; mean p ${mean(pNaive).toFixed(4)} vs ${mean(pExpert).toFixed(4)}`,
    );
    DIGITS.forEach((d) => {
      expect(tvExpert[d]).toBeLessThan(tvNaive[d]);
    });
    expect(Math.abs(mean(pNaive) - mean(pExpert))).toBeLessThan(0.01);
  });

  it('the density prior raises the data log-likelihood against score-only (judged by a density fitted on other digits)', async () => {
    const ll = (r: ActivationMaximizationResult) =>
      tf.tidy(() => Array.from(judge.logProb(r.image).dataSync()));
    const [naive, dense] = [ll(await regime('score-only')), ll(await regime('density'))];
    console.info(
      `[mnist] held-out log-likelihood score-only ${mean(naive).toFixed(1)}, density prior ${mean(dense).toFixed(1)} nats`,
    );
    DIGITS.forEach((d) => {
      expect(dense[d]).toBeGreaterThan(naive[d]);
    });
  });

  it('code space: the image is exactly g(latent)', async () => {
    const r = await regime('code-space');
    expect(r.latent?.shape).toEqual([10, generator.latentDim]);
    const regenerated = generator.model.predict(r.latent as tf.Tensor) as tf.Tensor;
    expect(maxAbsDiff(r.image, regenerated)).toBeLessThanOrEqual(1e-6);
    regenerated.dispose();
  });
});
