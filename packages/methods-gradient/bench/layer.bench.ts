// Issue 19: layer integrated gradients against input integrated gradients on MobileNetV2-224 (target ≤ 1.2×).
// Rounds alternate (input IG, then layer IG at each layer) so drift on the shared machine hits both alike;
// compare the medians. `pnpm --filter @loupe/methods-gradient exec vitest bench --run bench/layer.bench.ts`.
import { wrapModel } from '@loupe/core';
import { buildMobileNetV2Like } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { integratedGradients, layerIntegratedGradients } from '../src/index.js';

await tf.setBackend('cpu');
const model = wrapModel(buildMobileNetV2Like({ inputSize: 224, classes: 1000 }));
const image = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 4);
const steps = 4;
const options = { target: 0, steps, batchSize: steps };
const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 };
// Warm-up: build kernels and folded weights before any timed round.
(await integratedGradients(model, image, { ...options, steps: 1, batchSize: 1 })).dispose();

describe(`MobileNetV2-224, one image, IG-${steps} (batch ${steps}), cpu: input IG vs layer IG`, () => {
  for (const round of [1, 2]) {
    bench(
      `round ${round}: input IG`,
      async () => (await integratedGradients(model, image, options)).dispose(),
      once,
    );
    for (const layer of ['Conv1_relu', 'block_2_add', 'block_13_depthwise_relu', 'out_relu'])
      bench(
        `round ${round}: layer IG at ${layer}`,
        async () => (await layerIntegratedGradients(model, image, { ...options, layer })).dispose(),
        once,
      );
  }
});
