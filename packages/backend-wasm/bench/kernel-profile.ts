// pnpm --filter @loupe/backend-wasm bench:kernels [--backend wasm|cpu|webgpu] [--size 224] [--only cnn|mobilenet]
// Per-kernel profile (tf.profile) of the explanation graph's input gradient with tfjs's own backward
// kernels (OpRules.backward 'autodiff', what Loupe ran before the forward-kernel rewrites) and with the
// backend's measured plan ('fast'): the CNN of the PyTorch ruler on 200 points (one IG-50 batch over 4
// digits) and MobileNetV2-224 saliency (batch 1), with one forward of each for the saliency/forward ratio.
// Also counts the kernels dispatched per call (the number that matters on WebGPU).
import { parseArgs } from 'node:util';
import { type ExplainableModel, registerBackend, useBackend, wrapModel } from '@loupe/core';
import { buildBenchmarkCnn, buildMobileNetV2Like } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { wasmBackend } from '../src/index.js';
import { kernelTotals } from './kernel-totals.js';
import { median } from './median.js';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    size: { type: 'string', default: '224' },
    only: { type: 'string' },
  },
});
registerBackend(wasmBackend);
if (args.backend === 'webgpu') {
  // Registered by name only when asked: the webgpu package needs navigator.gpu (Dawn) first.
  const { webgpuBackend } = await import('@loupe/backend-webgpu');
  registerBackend(webgpuBackend);
}
const backend = await useBackend(args.backend);
tf.env().set('PROD', true);
const size = Number(args.size);

function gradientOf(model: ExplainableModel, x: tf.Tensor, backward: 'fast' | 'autodiff'): tf.Tensor {
  return tf.tidy(() =>
    tf.grad((v: tf.Tensor) =>
      tf.sum(tf.slice(model.forwardBatched(v, { rules: { backward } }), [0, 3], [-1, 1])),
    )(x),
  );
}

async function wallMs(run: () => tf.Tensor, repeats = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const y = run();
    await y.data();
    times.push(performance.now() - t0);
    y.dispose();
  }
  return median(times);
}

async function report(name: string, model: ExplainableModel, x: tf.Tensor): Promise<void> {
  const forward = await wallMs(() => model.forwardBatched(x));
  console.log(`\n### ${name} on ${backend}: one forward ${forward.toFixed(0)} ms`);
  for (const backward of ['autodiff', 'fast'] as const) {
    gradientOf(model, x, backward).dispose();
    const wall = await wallMs(() => gradientOf(model, x, backward));
    const profile = await tf.profile(() => gradientOf(model, x, backward));
    const top = kernelTotals(profile)
      .slice(0, 8)
      .map(([k, r]) => `${k} ${r.ms.toFixed(0)} ms (${r.calls})`)
      .join(', ');
    console.log(
      `- backward '${backward}': input gradient ${wall.toFixed(0)} ms (${(wall / forward).toFixed(1)}× forward), ${profile.kernels.length} kernels: ${top}`,
    );
  }
}

if (args.only !== 'mobilenet') {
  const cnn = wrapModel(buildBenchmarkCnn());
  const points = tf.randomUniform([200, 28, 28, 1], 0, 1, 'float32', 1);
  await report('CNN (ruler), one IG-50 batch: 200 points', cnn, points);
  points.dispose();
  cnn.dispose();
}
if (args.only !== 'cnn') {
  const mobilenet = wrapModel(buildMobileNetV2Like({ inputSize: size, seed: 1 }));
  const image = tf.randomUniform([1, size, size, 3], 0, 1, 'float32', 2);
  await report(`MobileNetV2-${size} saliency, batch 1`, mobilenet, image);
  image.dispose();
  mobilenet.dispose();
}
