import type { BackendPlugin } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';
import { defaultTestBackends } from '../src/index.js';
import { describeOnBackends } from '../src/vitest/index.js';

const ran: string[] = [];

const unavailable: BackendPlugin = {
  name: 'imaginary',
  priority: 1,
  async isAvailable() {
    return { available: false, reason: 'it does not exist' };
  },
  async setup() {
    throw new Error('never set up');
  },
};

await describeOnBackends(
  'runner',
  (backend) => {
    it('runs with the named backend active', async () => {
      expect(tf.getBackend()).toBe(backend);
      const before = tf.memory().numTensors;
      const y = tf.tidy(() => tf.sum(tf.square(tf.tensor1d([1, 2, 3]))));
      expect((await y.data())[0]).toBeCloseTo(14, 5);
      y.dispose();
      expect(tf.memory().numTensors).toBe(before);
      ran.push(backend);
    });
  },
  { backends: ['cpu', 'wasm', unavailable] },
);

afterAll(() => {
  // The unavailable backend's suite is declared but skipped; the others ran in order.
  expect(ran).toEqual(['cpu', 'wasm']);
});

it('restores a backend after each suite and knows its defaults', () => {
  expect(tf.getBackend()).toBe('cpu');
  expect(defaultTestBackends()).toEqual(expect.arrayContaining(['cpu', 'wasm', 'webgpu', 'tensorflow']));
});

it('rejects an unknown backend name with the known ones', async () => {
  await expect(describeOnBackends('x', () => {}, { backends: ['nope'] })).rejects.toThrow(
    /known: cpu, wasm, webgpu/,
  );
});
