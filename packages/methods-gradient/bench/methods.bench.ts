import { wrapModel } from '@loupe/core';
import { buildMobileNetV2Like } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import {
  blurIntegratedGradients,
  deconvnet,
  expectedGradients,
  gradCam,
  gradCamPlusPlus,
  guidedBackprop,
  guidedGradCam,
  inputXGradient,
  integratedGradients,
  saliency,
  smoothGrad,
} from '../src/index.js';
import { mnistCnn } from '../test/relevance/fixtures.js';

await tf.setBackend('cpu');
const cnn = await mnistCnn();
cnn.images.dispose();
const mnist = wrapModel(cnn.model, { inputRange: [0, 1] });
console.info(
  `[bench] backend ${tf.getBackend()}; MNIST CNN: ${cnn.trained ? 'shipped model' : 'stand-in with the shipped layout and seeded weights (model files absent)'}`,
);
const digits50 = tf.randomUniform([50, 28, 28, 1], 0, 1, 'float32', 2);
const digit = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 1);
const digits10 = tf.randomUniform([10, 28, 28, 1], 0, 1, 'float32', 2);
const reference = tf.randomUniform([16, 28, 28, 1], 0, 1, 'float32', 3);

type Run = (x: tf.Tensor) => Promise<{ dispose(): void }>;
const methods = (steps: number, samples: number, refs: tf.Tensor): [string, Run][] => [
  ['saliency', (x) => saliency(mnistOr(x), x, { target: 0 })],
  ['inputXGradient', (x) => inputXGradient(mnistOr(x), x, { target: 0 })],
  [`integratedGradients (${steps} GL)`, (x) => integratedGradients(mnistOr(x), x, { target: 0, steps })],
  [`smoothGrad (${samples} samples)`, (x) => smoothGrad(mnistOr(x), x, { target: 0, samples })],
  [
    `expectedGradients (${samples} samples)`,
    (x) => expectedGradients(mnistOr(x), x, { target: 0, samples, baselines: refs }),
  ],
  ['guidedBackprop', (x) => guidedBackprop(mnistOr(x), x, { target: 0 })],
  ['deconvnet', (x) => deconvnet(mnistOr(x), x, { target: 0 })],
  ['gradCam', (x) => gradCam(mnistOr(x), x, { target: 0 })],
  ['gradCamPlusPlus', (x) => gradCamPlusPlus(mnistOr(x), x, { target: 0 })],
  ['guidedGradCam', (x) => guidedGradCam(mnistOr(x), x, { target: 0 })],
  [
    `blurIntegratedGradients (${steps} steps)`,
    (x) => blurIntegratedGradients(mnistOr(x), x, { target: 0, steps }),
  ],
];

let small: ReturnType<typeof wrapModel> | null = null;
const mobileSmall = () => {
  small ??= wrapModel(buildMobileNetV2Like({ inputSize: 32, classes: 10 }));
  return small;
};
/** The model for an input: MNIST for 28×28, the MobileNetV2-like model for 3-channel images. */
function mnistOr(x: tf.Tensor) {
  return x.shape[x.rank - 1] === 1 ? mnist : mobileSmall();
}

const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 };
const few = { iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 };

describe('MNIST CNN, one digit, cpu', () => {
  for (const [name, run] of methods(50, 16, reference))
    bench(name, async () => (await run(digit)).dispose(), few);
});

describe('IG-50 on 10 digits: batched vs one step at a time, and vs one forward+backward of 50', () => {
  bench(
    'IG-50, batchSize 50 (one gradient call per digit)',
    async () =>
      (await integratedGradients(mnist, digits10, { target: 0, steps: 50, batchSize: 50 })).dispose(),
    once,
  );
  bench(
    'IG-50, batchSize 1 (one gradient call per step)',
    async () =>
      (await integratedGradients(mnist, digits10, { target: 0, steps: 50, batchSize: 1 })).dispose(),
    once,
  );
  bench(
    'IG-50 of one digit, batchSize 50',
    async () => (await integratedGradients(mnist, digit, { target: 0, steps: 50, batchSize: 50 })).dispose(),
    few,
  );
  bench(
    'forward+backward of a 50-batch (plain tf.grad)',
    () => {
      tf.tidy(() =>
        tf.grad((v: tf.Tensor) => tf.sum(tf.slice(mnist.forwardBatched(v), [0, 0], [-1, 1])))(digits50),
      ).dispose();
    },
    few,
  );
});

describe('IG time to 1% completeness error (tolerance 0.01, from 4 steps, doubling)', () => {
  for (const quadrature of [
    'gauss-legendre',
    'riemann-trapezoid',
    'riemann-middle',
    'riemann-left',
  ] as const) {
    bench(
      quadrature,
      async () => {
        const a = await integratedGradients(mnist, digit, {
          target: 0,
          steps: 4,
          tolerance: 0.01,
          maxSteps: 1024,
          quadrature,
        });
        console.info(
          `[bench] ${quadrature}: ${a.meta.steps} steps, delta ${(a.meta.convergenceDelta as number[])[0].toExponential(2)}`,
        );
        a.dispose();
      },
      once,
    );
  }
});

const rgbSmall = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 4);
const rgbRefs = tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 5);
describe('MobileNetV2-like 32×32 (α 1, 10 classes), cpu', () => {
  for (const [name, run] of methods(16, 4, rgbRefs))
    bench(name, async () => (await run(rgbSmall)).dispose(), once);
});

let big: ReturnType<typeof wrapModel> | null = null;
const rgb224 = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 6);
describe('MobileNetV2-like 224×224, cpu (one run each: ~15 s per gradient on this VM)', () => {
  bench(
    'saliency',
    async () => {
      big ??= wrapModel(buildMobileNetV2Like({ inputSize: 224 }));
      (await saliency(big, rgb224, { target: 0 })).dispose();
    },
    once,
  );
  bench(
    'gradCam',
    async () => {
      big ??= wrapModel(buildMobileNetV2Like({ inputSize: 224 }));
      (await gradCam(big, rgb224, { target: 0 })).dispose();
    },
    once,
  );
});
