import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { mmdCritic } from '../src/index.js';
import { spreadDigits } from './mnist-digits.js';

// An engine without WebAssembly SIMD (e.g. Safari before 16.4): the kernel falls back to plain JS float64.
vi.mock('../src/wasm/gram-module.js', () => ({
  gramModule: () => null,
  gramInstance: () => {
    throw new Error('no WebAssembly SIMD here');
  },
}));

describe('MMD-critic without WebAssembly SIMD', () => {
  it('falls back to the JS float64 kernel and still matches the numpy reference indices', async () => {
    const want = (
      JSON.parse(readFileSync(new URL('./fixtures/numpy-mmd-critic.json', import.meta.url), 'utf8')) as {
        pixels: { gamma: number; prototypes: number[]; criticisms: number[] };
      }
    ).pixels;
    const { pixels } = spreadDigits(1000);
    const rows = Array.from({ length: pixels.n }, (_, i) => pixels.values.subarray(i * 784, (i + 1) * 784));
    const r = await mmdCritic(rows, { prototypes: 10, criticisms: 5 });
    expect(Math.abs(r.gamma / want.gamma - 1)).toBeLessThan(1e-12);
    expect(r.prototypes).toEqual(want.prototypes);
    expect(r.criticisms).toEqual(want.criticisms);
  });
});
