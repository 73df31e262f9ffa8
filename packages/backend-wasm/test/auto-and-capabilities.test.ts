import { listBackends, registerBackend, unregisterBackend, useBackend } from '@loupe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '../src/index.js';

describe("wasm in listBackends() and useBackend('auto')", () => {
  beforeAll(() => registerBackend(wasmBackend));
  afterAll(async () => {
    await useBackend('cpu');
    unregisterBackend('wasm');
  });

  it('reports SIMD and one thread in Node, before and after the backend starts', async () => {
    const row = async () => (await listBackends()).find((r) => r.name === 'wasm');
    // Node has WebAssembly SIMD; tfjs 4.22 runs its threaded build only where SharedArrayBuffer is shared
    // with workers in a browser, so Node gets one thread.
    expect((await row())?.capabilities).toEqual({ simd: true, threads: 1 });
    expect(await useBackend('auto')).toBe('wasm');
    expect(await row()).toMatchObject({
      active: true,
      capabilities: { simd: true, threads: 1 },
      selfTest: { passed: true },
    });
  });
});
