import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BackendPlugin,
  BackendUnavailableError,
  listBackends,
  onBackendEvent,
  RegistryError,
  registerBackend,
  reportBackendLost,
  unregisterBackend,
  useBackend,
} from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// A stand-in backend: it sets up tfjs's cpu kernels under another name, so switching really happens.
function fakeBackend(name: string, priority: number, available: boolean, reason?: string): BackendPlugin {
  return {
    name,
    priority,
    async isAvailable() {
      return available ? { available } : { available, reason };
    },
    async setup() {
      if (tf.findBackend(name)) return;
      const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
      tf.registerBackend(name, () => new MathBackendCPU());
      for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: name });
    },
  };
}

afterEach(async () => {
  for (const n of ['fast', 'broken', 'middle']) unregisterBackend(n);
  await useBackend('cpu');
});

describe('backend registry', () => {
  it('lists cpu as the always-available default', async () => {
    const rows = await listBackends();
    expect(rows.find((r) => r.name === 'cpu')).toMatchObject({ available: true, active: true });
  });

  it('reports why a backend is unavailable, and refuses to use it', async () => {
    registerBackend(fakeBackend('broken', 500, false, 'no adapter: install chromium'));
    const row = (await listBackends()).find((r) => r.name === 'broken');
    expect(row).toMatchObject({ available: false, reason: 'no adapter: install chromium' });
    await expect(useBackend('broken')).rejects.toThrow(BackendUnavailableError);
    await expect(useBackend('broken')).rejects.toThrow(/install chromium/);
  });

  it("'auto' picks the highest-priority available backend", async () => {
    registerBackend(fakeBackend('broken', 500, false, 'missing'));
    registerBackend(fakeBackend('middle', 300, true));
    expect(await useBackend('auto')).toBe('middle');
    expect(tf.getBackend()).toBe('middle');
    const sum = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0]);
    expect(sum).toBe(6);
  });

  it('rejects duplicates and unknown names with the registered list', async () => {
    expect(() => registerBackend(fakeBackend('cpu', 1, true))).toThrow(RegistryError);
    await expect(useBackend('quantum')).rejects.toThrow(/Unknown backend "quantum". Registered: cpu/);
  });

  it('falls back and tells listeners when a backend is lost', async () => {
    registerBackend(fakeBackend('middle', 300, true));
    await useBackend('middle');
    const events: string[] = [];
    const off = onBackendEvent((e) => events.push(`${e.type}:${e.name}:${e.lost ?? ''}`));
    expect(await reportBackendLost('middle', 'device lost')).toBe('cpu');
    off();
    expect(events).toEqual(['lost:cpu:middle']);
  });
});
