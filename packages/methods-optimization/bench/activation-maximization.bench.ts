// Activation maximisation throughput: 256 steps of each regime on the shipped MNIST CNN, and 128 steps of the
// Fourier parameterization on a MobileNetV2-shaped model, per backend that runs here (cpu, wasm). Each case is
// one whole run (seconds on software backends), so it runs a fixed number of iterations; steps/s = steps /
// (mean time). The MobileNetV2 case uses 64×64 inputs: at 224×224 one cpu step takes ~25 s on this 2-core VM.
import { wasmBackend } from '@loupe/backend-wasm';
import { type ExplainableModel, registerBackend, useBackend, wrapModel } from '@loupe/core';
import { loadMnistCnn, loadMnistGenerator, loadMnistSamples } from '@loupe/models';
import { buildMobileNetV2Like } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import {
  type ActivationMaximizationOptions,
  activationMaximization,
  classLogit,
  type DensityPrior,
  fitDensityPrior,
} from '../src/index.js';

const MNIST_STEPS = 256;
const MOBILENET_STEPS = 128;
const MOBILENET_SIZE = 64;
// One timed run per case (a run is 128–256 steps); fixtures are built and warmed before any case runs.
const options = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0, throws: true };

registerBackend(wasmBackend);
const backends = ['cpu'];
const wasm = await wasmBackend.isAvailable();
if (wasm.available) backends.push('wasm');
else console.info(`[bench] wasm skipped: ${wasm.reason}`);

interface Fixture {
  cnn: ExplainableModel;
  generator: { model: tf.LayersModel; latentDim: number };
  density: DensityPrior;
  mobilenet: ExplainableModel;
}
const fixtures = new Map<string, Fixture>();

async function build(): Promise<Fixture> {
  const samples = await loadMnistSamples();
  const fixture = {
    cnn: wrapModel(await loadMnistCnn(), { inputRange: [0, 1] }),
    generator: await loadMnistGenerator(),
    density: await fitDensityPrior(samples.images, { kind: 'gaussian-diagonal' }),
    mobilenet: wrapModel(buildMobileNetV2Like({ inputSize: MOBILENET_SIZE, alpha: 1, seed: 1 }), {
      inputRange: [0, 1],
    }),
  };
  samples.images.dispose();
  return fixture;
}

// vitest bench runs no hooks: fixtures are built (and every path warmed by a 2-step run) at module load.
for (const backend of backends) {
  await useBackend(backend);
  const f = await build();
  fixtures.set(backend, f);
  await run(f.cnn, {
    objective: classLogit(3),
    preset: 'expert-prior',
    steps: 2,
    prior: { density: { model: f.density, weight: 0.01 } },
  });
  await run(f.cnn, { objective: classLogit(3), preset: 'code-space', generator: f.generator, steps: 2 });
  await run(f.mobilenet, { objective: classLogit(3), parameterization: 'fourier', steps: 2 });
}

async function on(backend: string): Promise<Fixture> {
  if (tf.getBackend() !== backend) await useBackend(backend);
  return fixtures.get(backend) as Fixture;
}

async function run(model: ExplainableModel, opts: ActivationMaximizationOptions): Promise<void> {
  const result = await activationMaximization(model, opts);
  result.image.dispose();
  result.latent?.dispose();
}

for (const backend of backends) {
  describe(`MNIST CNN, ${MNIST_STEPS} steps [${backend}]`, () => {
    bench(
      'score-only',
      async () => {
        const f = await on(backend);
        await run(f.cnn, { objective: classLogit(3), preset: 'score-only', steps: MNIST_STEPS });
      },
      options,
    );
    bench(
      'expert-prior (TV, L2, blur, jitter/scale/rotate)',
      async () => {
        const f = await on(backend);
        await run(f.cnn, { objective: classLogit(3), preset: 'expert-prior', steps: MNIST_STEPS });
      },
      options,
    );
    bench(
      'expert-prior + diagonal-Gaussian density',
      async () => {
        const f = await on(backend);
        await run(f.cnn, {
          objective: classLogit(3),
          preset: 'expert-prior',
          steps: MNIST_STEPS,
          prior: { density: { model: f.density, weight: 0.01 } },
        });
      },
      options,
    );
    bench(
      'code-space (VAE decoder)',
      async () => {
        const f = await on(backend);
        await run(f.cnn, {
          objective: classLogit(3),
          preset: 'code-space',
          generator: f.generator,
          steps: MNIST_STEPS,
        });
      },
      options,
    );
  });
  describe(`MobileNetV2-like ${MOBILENET_SIZE}×${MOBILENET_SIZE}×3, Fourier, ${MOBILENET_STEPS} steps [${backend}]`, () => {
    bench(
      'fourier + decorrelated colour, sigmoid',
      async () => {
        const f = await on(backend);
        await run(f.mobilenet, {
          objective: classLogit(3),
          parameterization: 'fourier',
          steps: MOBILENET_STEPS,
        });
      },
      { ...options, iterations: 1, warmupIterations: 0 },
    );
  });
}
