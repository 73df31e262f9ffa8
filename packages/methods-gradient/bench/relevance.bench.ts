// LRP and DeepLIFT against one forward+backward of the same batch (core's inputGradient: the cost of the
// model itself), on the MNIST CNN (trained when @loupe/models ships it, else the same architecture with
// seeded weights) and a MobileNetV2-shaped model, on the tfjs cpu backend. Ratios between rows of one
// group are what BENCHMARKS.md records.
import { type ExplainableModel, wrapModel } from '@loupe/core';
import { buildMobileNetV2Like } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { deepLift, type LrpOptions, lrp } from '../src/relevance/index.js';
import { mnistCnn } from '../test/relevance/fixtures.js';

await tf.setBackend('cpu');

interface Case {
  name: string;
  model: ExplainableModel;
  x: tf.Tensor;
  options: { iterations: number; warmupIterations: number; time: number; warmupTime: number; throws: true };
}

const mnist = await mnistCnn();
const mnistX = tf.tidy(() => tf.tile(mnist.images, [4, 1, 1, 1]));
mnist.images.dispose();
const mobileNet = buildMobileNetV2Like({ inputSize: 96, alpha: 0.5, seed: 1, classes: 10 });

const cases: Case[] = [
  {
    name: `MNIST CNN (${mnist.trained ? 'trained' : 'seeded weights'}), batch 16`,
    model: wrapModel(mnist.model, { inputRange: [0, 1] }),
    x: mnistX,
    options: { iterations: 8, warmupIterations: 2, time: 0, warmupTime: 0, throws: true },
  },
  {
    name: 'MobileNetV2-like 96×96×3 α=0.5, batch 2',
    model: wrapModel(mobileNet, { inputRange: [-1, 1] }),
    x: tf.randomUniform([2, 96, 96, 3], -1, 1, 'float32', 2),
    options: { iterations: 2, warmupIterations: 1, time: 0, warmupTime: 0, throws: true },
  },
];

const lrpRuns: [string, LrpOptions][] = [
  ['lrp epsilon', { rule: 'epsilon', epsilon: 1e-9 }],
  ['lrp epsilon-plus', { composite: 'epsilon-plus' }],
  ['lrp epsilon-gamma-box', { composite: 'epsilon-gamma-box' }],
  ['lrp epsilon-alpha2-beta1', { composite: 'epsilon-alpha2-beta1' }],
];

for (const c of cases) {
  describe(c.name, () => {
    bench(
      'forward + backward (inputGradient)',
      () => {
        const { gradient, scores } = c.model.inputGradient(c.x, 0);
        gradient.dataSync();
        tf.dispose([gradient, scores]);
      },
      c.options,
    );
    for (const [label, options] of lrpRuns) {
      bench(
        label,
        async () => {
          const a = await lrp(c.model, c.x, { target: 0, batchSize: 16, ...options });
          a.values.dataSync();
          a.dispose();
        },
        c.options,
      );
    }
    bench(
      'deeplift (zero baseline)',
      async () => {
        const a = await deepLift(c.model, c.x, { target: 0, batchSize: 16 });
        a.values.dataSync();
        a.dispose();
      },
      c.options,
    );
  });
}
