// Perturbation methods on the cpu backend (the only one in this package's benches; see BENCHMARKS.md), each
// beside the same number of forward passes batched directly, so the ratio shows what the method adds to the
// model's own cost. MobileNetV2 runs at 64×64: at 224×224 the 729 windows of a 16×16/stride-8 occlusion take
// minutes per run on this 2-core VM.
import type { ExplainableModel } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { kernelShap, occlusion, rise } from '../src/index.js';
import { directForwards, mnistCnn, mobileNet } from './fixtures.js';

const MOBILENET_SIZE = 64;
const BATCH = 64;
const options = { iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0, throws: true };

await tf.setBackend('cpu');
const { model: cnn, shipped } = await mnistCnn();
const digit = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 1);
const mobilenet: ExplainableModel = mobileNet(MOBILENET_SIZE);
const photo = tf.randomUniform([1, MOBILENET_SIZE, MOBILENET_SIZE, 3], 0, 1, 'float32', 2);
console.info(
  `[bench] MNIST CNN: ${shipped ? 'shipped' : 'same-shaped, random weights'}; backend ${tf.getBackend()}`,
);

async function run(p: Promise<{ dispose(): void }>): Promise<void> {
  (await p).dispose();
}

// 4×4 windows, stride 2 on 28×28: 13 × 13 = 169 windows, plus the unperturbed input.
describe('occlusion 4×4 stride 2, MNIST CNN [cpu]', () => {
  bench(
    'occlusion',
    () => run(occlusion(cnn, digit, { window: 4, stride: 2, target: 3, batchSize: BATCH })),
    options,
  );
  bench('170 forwards, batched directly', () => directForwards(cnn, digit, 170, BATCH), options);
});

// 16×16 windows, stride 8 on 64×64: 7 × 7 = 49 windows, plus the unperturbed input.
describe(`occlusion 16×16 stride 8, MobileNetV2 ${MOBILENET_SIZE}×${MOBILENET_SIZE} [cpu]`, () => {
  bench(
    'occlusion',
    () => run(occlusion(mobilenet, photo, { window: 16, stride: 8, target: 3, batchSize: 10 })),
    options,
  );
  bench('50 forwards, batched directly', () => directForwards(mobilenet, photo, 50, 10), options);
});

describe('RISE 2000 masks, MNIST CNN [cpu]', () => {
  bench('rise', () => run(rise(cnn, digit, { masks: 2000, target: 3, batchSize: 250 })), options);
  bench('2000 forwards, batched directly', () => directForwards(cnn, digit, 2000, 250), options);
});

describe('KernelSHAP 1000 samples, MNIST CNN, 50 SLIC superpixels [cpu]', () => {
  bench(
    'kernelShap',
    () => run(kernelShap(cnn, digit, { samples: 1000, target: 3, batchSize: 250 })),
    options,
  );
  bench('1002 forwards, batched directly', () => directForwards(cnn, digit, 1002, 250), options);
});
