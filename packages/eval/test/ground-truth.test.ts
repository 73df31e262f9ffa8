import { SeededRandom, wrapModel } from '@loupe/core';
import { loadGroundTruthBenchmark } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ExplainFunction, relevanceMass } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const gradientTimesInput: ExplainFunction = async (model, x, options) => {
  const { gradient, scores } = model.inputGradient(x, options.target);
  scores.dispose();
  const product = tf.mul(gradient, x);
  gradient.dispose();
  return product;
};

describe('the shipped ground-truth benchmark', () => {
  it('loads scenes whose masks lie in their boxes, 20 per class, and a model that recognises them', async () => {
    const bench = await loadGroundTruthBenchmark();
    expect(bench.images.shape).toEqual([200, bench.side, bench.side, 1]);
    expect(bench.masks.shape).toEqual(bench.images.shape);
    for (let c = 0; c < 10; c++) expect(bench.labels.filter((l) => l === c)).toHaveLength(20);
    const masks = (await bench.masks.data()) as Float32Array;
    const s = bench.side;
    bench.boxes.forEach(([x0, y0, x1, y1], n) => {
      let inside = 0;
      let total = 0;
      for (let p = 0; p < s * s; p++) {
        if (!masks[n * s * s + p]) continue;
        total++;
        const [y, x] = [Math.floor(p / s), p % s];
        if (x >= x0 && x <= x1 && y >= y0 && y <= y1) inside++;
      }
      expect(total).toBeGreaterThan(0);
      expect(inside).toBe(total);
    });
    const predicted = tf.tidy(
      () => tf.argMax(bench.model.predict(bench.images) as tf.Tensor, 1).arraySync() as number[],
    );
    expect(predicted.filter((p, i) => p === bench.labels[i]).length / 200).toBeGreaterThan(0.8);

    // Gradient×input puts more of its positive relevance on the digit than a random map does.
    const model = wrapModel(bench.model);
    const x = tf.slice(bench.images, 0, 40);
    const mask = tf.slice(bench.masks, 0, 40);
    const target = bench.labels.slice(0, 40);
    const random = new SeededRandom(1);
    const noise = tf.tensor(
      Array.from({ length: x.size }, () => random.uniform()),
      x.shape,
    );
    const ours = await relevanceMass(model, x, gradientTimesInput, { mask, target });
    const chance = await relevanceMass(model, x, noise, { mask, target });
    expect(ours.value).toBeGreaterThan(chance.value + 0.1);
    tf.dispose([x, mask, noise]);
    model.dispose();
    bench.dispose();
  });
});
