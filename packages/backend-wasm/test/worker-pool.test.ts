import {
  AbortError,
  type Attribution,
  type ExplainableModel,
  registerBackend,
  unregisterBackend,
  useBackend,
  wrapModel,
} from '@loupe/core';
import { integratedGradients, smoothGrad } from '@loupe/methods-gradient';
import { occlusion, rise } from '@loupe/methods-perturbation';
import { expectNoTensorLeaks, tinyCnn, tinyGraphModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '../src/index.js';
import { createWorkerPool, type WorkerPool } from '../src/node/index.js';

// The pooled runs and the one-thread reference all compute on wasm (workers and this thread), so the
// pool must reproduce the one-thread result to the bit, whatever its size.
const SIZES = [1, 2, 3] as const;
let pools: WorkerPool[] = [];
let model: ExplainableModel;
let x: tf.Tensor;

/** The attribution's values as an array; disposes the attribution. */
async function valuesOf(run: Promise<Attribution>): Promise<Float32Array> {
  const a = await run;
  expect(a.meta.warnings ?? []).toEqual([]);
  const values = (await a.values.data()) as Float32Array;
  a.dispose();
  return values;
}

/** Runs `method` without a pool and on every pool, checking each pooled call for leaks on this thread. */
async function onEveryPool<T>(method: (pool?: WorkerPool) => Promise<T>, read: (r: T) => Promise<number[]>) {
  const reference = await read(await method());
  for (const pool of pools) {
    let values: number[] = [];
    await expectNoTensorLeaks(async () => {
      values = await read(await method(pool));
    });
    expect(values, `pool of ${pool.size}`).toEqual(reference);
  }
  return reference;
}

const attributionValues = async (a: Attribution) => Array.from(await valuesOf(Promise.resolve(a)));

describe('WorkerPool (wasm workers)', () => {
  beforeAll(async () => {
    registerBackend(wasmBackend);
    await useBackend('wasm');
    model = wrapModel(tinyCnn({ size: 12, classes: 5 }));
    x = tf.randomUniform([3, 12, 12, 1], 0, 1, 'float32', 7);
    pools = await Promise.all(SIZES.map((size) => createWorkerPool({ size })));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    tf.dispose(x);
    model.dispose();
    await useBackend('cpu');
    unregisterBackend('wasm');
  });

  it('integrated gradients: bit-identical for 1, 2 and 3 workers and to one thread', async () => {
    const ig = (pool?: WorkerPool) =>
      integratedGradients(model, x, { steps: 24, batchSize: 8, target: [1, 3, 4], pool });
    const values = await onEveryPool(ig, attributionValues);
    expect(values.some((v) => v !== 0)).toBe(true);
    for (const pool of pools) expect(pool.stats.batches).toBeGreaterThanOrEqual(9);
  });

  it('SmoothGrad, occlusion and RISE: the same with and without a pool', async () => {
    await onEveryPool(
      (pool) => smoothGrad(model, x, { samples: 6, batchSize: 4, target: 2, pool }),
      attributionValues,
    );
    await onEveryPool(
      (pool) => occlusion(model, x, { window: 4, stride: 2, batchSize: 8, target: 0, pool }),
      attributionValues,
    );
    await onEveryPool(
      (pool) => rise(model, x, { masks: 24, gridSize: 3, batchSize: 8, target: 0, pool }),
      attributionValues,
    );
  });

  it('GraphModels cross to the workers too (their weights and wrap options)', async () => {
    const graph = await tinyGraphModel({ features: 6, hidden: 7, outputs: 4 });
    const g = wrapModel(graph.model, { outputNode: 'logits' });
    const v = tf.randomUniform([3, 6], 0, 1, 'float32', 9);
    await onEveryPool(
      (pool) => integratedGradients(g, v, { steps: 16, batchSize: 8, target: 2, pool }),
      attributionValues,
    );
    for (const pool of pools) pool.release(g);
    tf.dispose([v, graph.w1, graph.b1, graph.w2, graph.b2]);
    g.dispose();
    graph.model.dispose();
  });

  it('a worker killed mid-run is replaced, its batch runs again, and the result is unchanged', async () => {
    const pool = pools[1];
    const options = { steps: 32, batchSize: 4, target: 2 };
    const reference = await valuesOf(integratedGradients(model, x, options));
    const before = { ...pool.stats };
    let killed = false;
    const values = await valuesOf(
      integratedGradients(model, x, {
        ...options,
        pool,
        onProgress: () => {
          // Both workers are busy when a batch is consumed (twice the workers are in flight).
          if (!killed) void pool.kill(0);
          killed = true;
        },
      }),
    );
    expect(values).toEqual(reference);
    expect(pool.stats.workersReplaced).toBe(before.workersReplaced + 1);
    expect(pool.stats.batchesRerun).toBe(before.batchesRerun + 1);
  });

  it('abort stops a pooled call with AbortError, leaks nothing, and the pool keeps working', async () => {
    const pool = pools[2];
    const controller = new AbortController();
    await expectNoTensorLeaks(async () => {
      const run = integratedGradients(model, x, {
        steps: 64,
        batchSize: 4,
        target: 1,
        pool,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      await expect(run).rejects.toBeInstanceOf(AbortError);
    });
    await valuesOf(integratedGradients(model, x, { steps: 8, batchSize: 8, target: 1, pool }));
  });

  it('workers free every tensor: only the model stays, and release() frees it', async () => {
    const run = (pool: WorkerPool) =>
      valuesOf(integratedGradients(model, x, { steps: 8, batchSize: 4, target: 1, pool }));
    // A worker holds the model's tensors once it ran a batch (a replacement started late may not have):
    // every worker's count is 0 or the model's, and stays so however many batches ran.
    const counts = async (pool: WorkerPool) => (await pool.memory()).map((m) => m.numTensors);
    for (const pool of pools) {
      await run(pool);
      const held = Math.max(...(await counts(pool)));
      expect(held).toBeGreaterThan(0);
      await run(pool);
      await run(pool);
      for (const c of await counts(pool)) expect([0, held]).toContain(c);
      pool.release(model);
      for (const m of await pool.memory()) expect(m.numTensors).toBe(0);
    }
  });

  it("workers can run tfjs's cpu backend instead (same numbers to float rounding)", async () => {
    const pool = await createWorkerPool({ size: 1, backend: 'cpu' });
    try {
      const options = { steps: 8, batchSize: 8, target: 1 };
      const wasm = await valuesOf(integratedGradients(model, x, options));
      const cpu = await valuesOf(integratedGradients(model, x, { ...options, pool }));
      const scale = Math.max(...wasm.map(Math.abs));
      for (let i = 0; i < wasm.length; i++) expect(Math.abs(cpu[i] - wasm[i])).toBeLessThan(1e-5 * scale);
    } finally {
      await pool.close();
    }
  });

  it('function models run on this thread, with a warning', async () => {
    const w = tf.randomNormal([144, 5], 0, 1, 'float32', 5);
    const f = wrapModel((v: tf.Tensor) => tf.matMul(tf.reshape(v, [-1, 144]), w), {
      inputShape: [12, 12, 1],
    });
    const a = await integratedGradients(f, x, { steps: 4, target: 1, pool: pools[0] });
    expect(a.meta.warnings?.[0]).toMatch(/worker pool was not used: a function model/);
    tf.dispose([a.values, w]);
  });
});
