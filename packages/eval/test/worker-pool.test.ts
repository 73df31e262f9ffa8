import { wasmBackend } from '@loupe/backend-wasm';
import { createWorkerPool, type WorkerPool } from '@loupe/backend-wasm/node';
import {
  type ExplainableModel,
  registerBackend,
  unregisterBackend,
  useBackend,
  wrapModel,
} from '@loupe/core';
import { expectNoTensorLeaks, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletion, insertion } from '../src/index.js';

// Curves computed on a pool of wasm workers must equal the one-thread curves (this thread on wasm too).
describe('perturbation curves on a worker pool', () => {
  let pool: WorkerPool;
  let model: ExplainableModel;
  beforeAll(async () => {
    registerBackend(wasmBackend);
    await useBackend('wasm');
    model = wrapModel(tinyCnn({ size: 12, classes: 5 }), { output: 'logits' });
    pool = await createWorkerPool({ size: 2 });
  });
  afterAll(async () => {
    await pool.close();
    model.dispose();
    await useBackend('cpu');
    unregisterBackend('wasm');
  });

  it('deletion and insertion give the same numbers with and without the pool, leaking nothing', async () => {
    const x = tf.randomUniform([2, 12, 12, 1], 0, 1, 'float32', 4);
    const map = tf.randomUniform(x.shape, 0, 1, 'float32', 5);
    const read = (c: { perExample: { scores: number[] }[]; auc: number }) => [
      ...c.perExample.flatMap((e) => e.scores),
      c.auc,
    ];
    for (const metric of [deletion, insertion]) {
      const options = { steps: 12, batchSize: 5, target: 0 };
      const reference = read(await metric(model, x, map, options));
      let pooled: number[] = [];
      await expectNoTensorLeaks(async () => {
        pooled = read(await metric(model, x, map, { ...options, pool }));
      });
      expect(pooled).toEqual(reference);
    }
    expect(pool.stats.batches).toBeGreaterThan(0);
    tf.dispose([x, map]);
  });
});
