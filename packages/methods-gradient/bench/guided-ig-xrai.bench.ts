// Guided IG and XRAI (issue 19): what the adaptive path and the region ranking cost next to plain IG.
// `pnpm --filter @loupe/methods-gradient bench` (this file: `npx vitest bench --run bench/guided-ig-xrai.bench.ts`).
import { wrapModel } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { candidateRegions, guidedIntegratedGradients, integratedGradients, xrai } from '../src/index.js';
import { mnistCnn } from '../test/relevance/fixtures.js';

await tf.setBackend('cpu');
const cnn = await mnistCnn();
const digit = tf.slice(cnn.images, 0, 1);
cnn.images.dispose();
const mnist = wrapModel(cnn.model, { inputRange: [0, 1] });
console.info(`[bench] backend ${tf.getBackend()}; MNIST CNN: ${cnn.trained ? 'shipped model' : 'stand-in'}`);

const few = { iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 };

describe('MNIST CNN, one digit, cpu: Guided IG and XRAI vs IG', () => {
  bench(
    'IG, 200 left-Riemann steps (batched)',
    async () => {
      (await integratedGradients(mnist, digit, { steps: 200, quadrature: 'riemann-left' })).dispose();
    },
    few,
  );
  bench(
    'Guided IG, 200 steps (default; one gradient call per step)',
    async () => {
      (await guidedIntegratedGradients(mnist, digit, { steps: 200 })).dispose();
    },
    few,
  );
  bench(
    'Guided IG, 200 steps, maxDist 0 (the same path as IG)',
    async () => {
      (await guidedIntegratedGradients(mnist, digit, { steps: 200, maxDist: 0 })).dispose();
    },
    few,
  );
  bench(
    'XRAI (default: IG 100 steps × 2 baselines, 6 segmentations at 224²)',
    async () => {
      (await xrai(mnist, digit)).dispose();
    },
    few,
  );
  bench(
    'IG 100 steps × 2 baselines (XRAI’s base map alone)',
    async () => {
      const lo = tf.zerosLike(digit);
      const hi = tf.onesLike(digit);
      (await integratedGradients(mnist, digit, { steps: 100, baseline: [lo, hi] })).dispose();
      tf.dispose([lo, hi]);
    },
    few,
  );
});

const photo = tf.randomUniform([224, 224, 3], 0, 1, 'float32', 9);
const photoData = Float32Array.from(photo.dataSync());
describe('XRAI segmentation of one 224×224×3 image (host JavaScript)', () => {
  bench(
    'candidateRegions: 6 Felzenszwalb scales + disk(5) dilation',
    () => {
      candidateRegions(
        { data: photoData, height: 224, width: 224, channels: 3 },
        { scales: [50, 100, 150, 250, 500, 1200], sigma: 0.8, minSize: 150, resize: 224, dilation: 5 },
      );
    },
    few,
  );
});
