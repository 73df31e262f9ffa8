// Forward and forward+backward on the shipped MNIST CNN, batch 1 and 50, on every backend that runs here.
// "core inputGradient" is @loupe/core's explanation graph; "plain tf.grad" differentiates the LayersModel.
import { webgpuBackend } from '@loupe/backend-webgpu';
import { cpuBackend, type ExplainableModel, registerBackend, useBackend, wrapModel } from '@loupe/core';
import { loadMnistCnn, loadMnistSamples } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { missingWasmKernels, wasmBackend } from '../src/index.js';

const options = { iterations: 20, warmupIterations: 2, time: 1, warmupTime: 1, throws: true };
registerBackend(wasmBackend);
registerBackend(webgpuBackend);
const only = process.env.LOUPE_BENCH_BACKENDS?.split(',').map((s) => s.trim());
const backends: string[] = [];
for (const plugin of [cpuBackend, wasmBackend, webgpuBackend].filter((p) => !only || only.includes(p.name))) {
  const availability = await plugin.isAvailable();
  if (availability.available) backends.push(plugin.name);
  else console.info(`[bench] ${plugin.name} skipped: ${availability.reason}`);
}
const wasmMissing = await missingWasmKernels();

interface Fixture {
  model: tf.LayersModel;
  explainable: ExplainableModel;
  batches: Map<number, tf.Tensor>;
}
const fixtures = new Map<string, Fixture>();

// Built lazily per backend (vitest bench runs no hooks); the warm-up absorbs the cost.
async function on(backend: string): Promise<Fixture> {
  if (tf.getBackend() !== backend) await useBackend(backend);
  let fixture = fixtures.get(backend);
  if (!fixture) {
    const model = await loadMnistCnn();
    const { images } = await loadMnistSamples();
    const batches = new Map([1, 50].map((n) => [n, tf.slice(images, 0, n)] as const));
    images.dispose();
    fixture = { model, explainable: wrapModel(model), batches };
    fixtures.set(backend, fixture);
  }
  return fixture;
}

for (const backend of backends) {
  for (const n of [1, 50]) {
    describe(`MNIST CNN batch ${n} [${backend}]`, () => {
      bench(
        'forward',
        async () => {
          const { model, batches } = await on(backend);
          const y = model.predict(batches.get(n) as tf.Tensor) as tf.Tensor;
          await y.data();
          y.dispose();
        },
        options,
      );
      bench.skipIf(backend === 'wasm' && wasmMissing.includes('Conv2DBackpropFilter'))(
        'forward+backward (plain tf.grad)',
        async () => {
          const { model, batches } = await on(backend);
          const g = tf.tidy(() =>
            tf.grad((v: tf.Tensor) => tf.sum(tf.slice(model.apply(v) as tf.Tensor, [0, 3], [n, 1])))(
              batches.get(n) as tf.Tensor,
            ),
          );
          await g.data();
          g.dispose();
        },
        options,
      );
      bench(
        'forward+backward (core inputGradient)',
        async () => {
          const { explainable, batches } = await on(backend);
          const { gradient, scores } = explainable.inputGradient(batches.get(n) as tf.Tensor, 3);
          await gradient.data();
          tf.dispose([gradient, scores]);
        },
        options,
      );
    });
  }
}
