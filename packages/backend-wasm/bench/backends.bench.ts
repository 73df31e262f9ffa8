// Forward and forward+backward (gradient of one class score w.r.t. the input) of a MobileNetV2-shaped model,
// 224×224×3, batch 1, on every backend that runs here. "plain tf.grad" differentiates the LayersModel as tfjs
// does; "core inputGradient" goes through @loupe/core's explanation graph (no weight gradients, BatchNorm
// folded). Software backends are slow, so each case runs a few fixed iterations.
import { webgpuBackend } from '@loupe/backend-webgpu';
import {
  type BackendAvailability,
  type BackendPlugin,
  cpuBackend,
  type ExplainableModel,
  registerBackend,
  useBackend,
  wrapModel,
} from '@loupe/core';
import { buildMobileNetV2Like } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { missingWasmKernels, wasmBackend } from '../src/index.js';

const CLASS = 7;
// Two iterations each: the software backends take seconds per pass. `throws` surfaces failures.
const options = { iterations: 2, warmupIterations: 1, time: 1, warmupTime: 1, throws: true };

registerBackend(wasmBackend);
registerBackend(webgpuBackend);

const backends: string[] = [];
// LOUPE_BENCH_BACKENDS=wasm,webgpu limits the run (the cpu cases take minutes on a 2-core machine).
const only = process.env.LOUPE_BENCH_BACKENDS?.split(',').map((s) => s.trim());
const candidates: BackendPlugin[] = [cpuBackend, wasmBackend, webgpuBackend].filter(
  (p) => !only || only.includes(p.name),
);
for (const plugin of candidates) {
  const availability: BackendAvailability = await plugin.isAvailable();
  if (availability.available) backends.push(plugin.name);
  else console.info(`[bench] ${plugin.name} skipped: ${availability.reason}`);
}
// Plain tf.grad needs kernels wasm lacks (DepthwiseConv2dNativeBackpropInput, Conv2DBackpropFilter).
const wasmMissing = await missingWasmKernels();

/** Model, wrapped model and input for one backend, created while that backend is active. */
interface Fixture {
  model: tf.LayersModel;
  explainable: ExplainableModel;
  x: tf.Tensor4D;
}
const fixtures = new Map<string, Fixture>();

// vitest bench runs no describe hooks, so each case switches backend and builds its fixture on first use;
// the warm-up iteration absorbs that cost.
async function on(backend: string): Promise<Fixture> {
  if (tf.getBackend() !== backend) await useBackend(backend);
  let fixture = fixtures.get(backend);
  if (!fixture) {
    const model = buildMobileNetV2Like({ inputSize: 224, seed: 1 });
    const x = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 2) as tf.Tensor4D;
    fixture = { model, explainable: wrapModel(model, { output: 'probabilities' }), x };
    fixtures.set(backend, fixture);
  }
  return fixture;
}

for (const backend of backends) {
  describe(`MobileNetV2 224 batch 1 [${backend}]`, () => {
    bench(
      'forward',
      async () => {
        const { model, x } = await on(backend);
        const y = model.predict(x) as tf.Tensor;
        await y.data();
        y.dispose();
      },
      options,
    );

    const plainGradOk = backend !== 'wasm' || wasmMissing.length === 0;
    bench.skipIf(!plainGradOk)(
      'forward+backward (plain tf.grad)',
      async () => {
        const { model, x } = await on(backend);
        const g = tf.grad((input: tf.Tensor) => {
          const y = model.apply(input) as tf.Tensor2D;
          return tf.sum(tf.slice(y, [0, CLASS], [1, 1]));
        })(x);
        await g.data();
        g.dispose();
      },
      options,
    );

    bench(
      'forward+backward (core inputGradient)',
      async () => {
        const { explainable, x } = await on(backend);
        const { gradient, scores } = explainable.inputGradient(x, CLASS);
        await gradient.data();
        tf.dispose([gradient, scores]);
      },
      options,
    );
  });
}
