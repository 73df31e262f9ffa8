import { wasmBackend } from '@loupe/backend-wasm';
import { webgpuBackend } from '@loupe/backend-webgpu';
import { registerBackend, useBackend, wrapModel } from '@loupe/core';
import { registerGradientMethods } from '@loupe/methods-gradient';
import { loadMnistCnn, loadMnistSamples } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { deletion, insertion, modelRandomization } from '../src/index.js';

// LOUPE_BENCH_BACKEND=wasm|webgpu runs the same cases on another backend (default cpu).
registerBackend(wasmBackend);
registerBackend(webgpuBackend);
await useBackend(process.env.LOUPE_BENCH_BACKEND ?? 'cpu');
registerGradientMethods();
const net = await loadMnistCnn();
const model = wrapModel(net);
const { images, labels } = await loadMnistSamples();
// 100 digits, 10 per class (the file holds 100 per class in class order).
const picks = Array.from({ length: 100 }, (_, i) => (i % 10) * 100 + Math.floor(i / 10));
const x100 = tf.gather(images, picks);
const x10 = tf.slice(x100, 0, 10);
const x1 = tf.slice(x100, 0, 1);
const x101 = tf.concat([x100, x1]);
const target = picks.map((i) => labels[i]);
const gradient = model.inputGradient(x100, target);
const saliency = gradient.gradient;
const saliency1 = tf.slice(saliency, 0, 1);
const options = { iterations: 3, warmupIterations: 1, time: 0 };

describe(`perturbation curves, MNIST CNN, ${tf.getBackend()} backend`, () => {
  bench(
    'one forward pass of 101 digits (the reference)',
    () => {
      tf.tidy(() => model.forwardBatched(x101).dataSync());
    },
    options,
  );
  bench(
    'deletion, 100 steps, one digit',
    async () => {
      await deletion(model, x1, saliency1, { steps: 100, target: target[0] });
    },
    options,
  );
  bench(
    'deletion + insertion, 100 steps, 100 digits',
    async () => {
      await deletion(model, x100, saliency, { steps: 100, target });
      await insertion(model, x100, saliency, { steps: 100, target });
    },
    { iterations: 1, warmupIterations: 0, time: 0 },
  );
});

describe(`sanity checks, MNIST CNN, ${tf.getBackend()} backend`, () => {
  bench(
    'cascading model randomization (saliency, 4 layers), 10 digits',
    async () => {
      await modelRandomization(model, x10, 'saliency', { seed: 1, target: target.slice(0, 10) });
    },
    { iterations: 2, warmupIterations: 0, time: 0 },
  );
});
