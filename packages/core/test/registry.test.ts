import { tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createAttribution,
  type ExplainerPlugin,
  explain,
  getExplainer,
  listExplainers,
  OptionError,
  RegistryError,
  registerExplainer,
  unregisterExplainer,
} from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const scaled: ExplainerPlugin<{ factor: number; mode: string }> = {
  id: 'test-scaled-input',
  label: 'Scaled input',
  family: 'other',
  description: 'Returns the input times a factor; exists to test the registry.',
  params: {
    factor: { type: 'number', default: 2, min: 0, max: 10, help: 'Multiplier.' },
    mode: { type: 'enum', default: 'a', values: ['a', 'b'], help: 'Unused switch.' },
  },
  async explain(model, x, options) {
    const input = model.normalize(x);
    const target = model.resolveTarget(input.batched, options.target);
    return createAttribution({ method: this.id, target: target.indices, values: tf.mul(x, options.factor) });
  },
};

afterEach(() => {
  unregisterExplainer(scaled.id);
});

describe('explainer registry', () => {
  it('registers explicitly and lists plugins', () => {
    expect(listExplainers().some((p) => p.id === scaled.id)).toBe(false);
    registerExplainer(scaled);
    expect(listExplainers().map((p) => p.id)).toContain(scaled.id);
  });

  it('rejects a duplicate id with a clear error', () => {
    registerExplainer(scaled);
    expect(() => registerExplainer(scaled)).toThrow(RegistryError);
    expect(() => registerExplainer(scaled)).toThrow(/already registered.*unregisterExplainer/);
  });

  it('names the known methods when asked for an unknown one', async () => {
    registerExplainer(scaled);
    expect(() => getExplainer('nope')).toThrow(/Unknown method "nope".*test-scaled-input/);
    const x = tf.zeros([1, 8, 8, 1]);
    await expect(explain(tinyCnn(), x, { method: 'nope' })).rejects.toBeInstanceOf(RegistryError);
    x.dispose();
  });

  it('fills defaults, validates options and records timing and backend', async () => {
    registerExplainer(scaled);
    const model = tinyCnn();
    const x = tf.ones([2, 8, 8, 1]);
    const before = tf.memory().numTensors;
    const a = await explain(model, x, { method: scaled.id, target: 1 });
    expect(Array.from((await a.data()).slice(0, 2))).toEqual([2, 2]);
    expect(a.meta.backend).toBe('cpu');
    expect(a.meta.millis).toBeGreaterThanOrEqual(0);
    a.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(explain(model, x, { method: scaled.id, factor: 11 })).rejects.toThrow(OptionError);
    await expect(explain(model, x, { method: scaled.id, mode: 'c' })).rejects.toThrow(/one of 'a', 'b'/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
