import { execFileSync } from 'node:child_process';
import { OptionError, SeededRandom } from '@loupe/core';
import { describe, expect, it, vi } from 'vitest';
import { pairwiseSquaredDistances } from '../src/distances.js';
import { kernelThreads, pairwiseSquaredDistancesWasm } from '../src/distances-wasm.js';
import { buildKernel } from '../src/kernel-build.js';
import type { DataMatrix } from '../src/matrix.js';
import { bracketCapacity, jsBracket } from '../src/median.js';
import { GRAM_WASM_SHARED_FMA, GRAM_WASM_SINGLE_FMA } from '../src/wasm/gram-binary.js';
import { type GramLayout, gramLayout, writeRows } from '../src/wasm/gram-layout.js';
import { gramInstance, gramModule } from '../src/wasm/gram-module.js';
import { type GramJob, runGramJob } from '../src/wasm/gram-pool.js';
import { spreadDigits } from './mnist-digits.js';

function randomMatrix(n: number, d: number, seed: number): DataMatrix {
  const stream = new SeededRandom(seed);
  const random = () => stream.uniform();
  // Half the features zero (like ReLU embeddings and MNIST background), some rows repeated.
  const values = Float64Array.from({ length: n * d }, () => (random() < 0.5 ? 0 : random() * 4 - 1));
  if (n > 3) values.copyWithin(2 * d, 0, d);
  // Feature 1 is zero in every row (skipped by the packing).
  if (d > 2) for (let i = 0; i < n; i++) values[i * d + 1] = 0;
  return { values, n, d };
}

/** m with `extra` all-zero features inserted before every feature. */
function withZeroFeatures(m: DataMatrix, extra: number): DataMatrix {
  const d = m.d * (extra + 1);
  const values = new Float64Array(m.n * d);
  for (let i = 0; i < m.n; i++)
    for (let k = 0; k < m.d; k++) values[i * d + k * (extra + 1) + extra] = m.values[i * m.d + k];
  return { values, n: m.n, d };
}

/** Index of the first bit-level difference, or −1 (vitest's toEqual walks typed arrays slowly). */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function expectClose(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, expected[i]));
  expect(worst).toBeLessThan(1e-12);
}

/** Distances from the plain build (fma = false) unless asked for the fused one. */
function wasmDistances(m: DataMatrix, threads: number, fma = false): Float64Array {
  const packed = pairwiseSquaredDistancesWasm(m, threads, fma);
  if (!packed) throw new Error('WebAssembly SIMD is unavailable');
  return packed.values;
}

/** A pool job over a fresh shared memory holding m's rows. */
function sharedJob(m: DataMatrix): { job: GramJob; layout: GramLayout; memory: WebAssembly.Memory } {
  const layout = gramLayout(m.n, m.d);
  const module = gramModule(true, false);
  if (!layout || !module) throw new Error('WebAssembly SIMD with threads is unavailable');
  const memory = new WebAssembly.Memory({ initial: layout.pages, maximum: layout.pages, shared: true });
  const { panelBytes } = writeRows(memory, layout, m, gramInstance(module, memory));
  const setup: GramJob['setup'] = [layout.xAt, m.n, panelBytes, layout.normsAt, layout.outAt];
  return {
    job: { module, memory, setup, op: 0, gamma: 0, tasks: layout.tasks, ctrlAt: layout.ctrlAt },
    layout,
    memory,
  };
}

describe('float64 distances on WebAssembly SIMD', () => {
  it('is available in this engine, in both builds (vitest.config.ts turns relaxed SIMD on for Node 20)', () => {
    for (const shared of [false, true]) {
      expect(gramModule(shared, false)).not.toBeNull();
      expect(gramModule(shared, true)).not.toBeNull();
    }
    for (const fused of [GRAM_WASM_SINGLE_FMA, GRAM_WASM_SHARED_FMA])
      expect(WebAssembly.validate(Buffer.from(fused, 'base64'))).toBe(true);
  });

  it('equals the scalar reference for every shape: tails, odd d, diagonal blocks, several tiles', () => {
    for (const n of [2, 3, 5, 8, 9, 67, 130, 300]) {
      for (const d of [1, 2, 3, 17, 128]) {
        const m = randomMatrix(n, d, n * 1000 + d);
        expectClose(wasmDistances(m, 1), pairwiseSquaredDistances(m));
      }
    }
    // Identical rows 0 and 2: exactly 0, not a rounding residue below it.
    const m = randomMatrix(40, 9, 7);
    expect(wasmDistances(m, 1)[1]).toBe(0);
  });

  it('skips features that are zero in every row without changing a bit; all-zero data gives zeros', () => {
    const m = randomMatrix(70, 9, 8);
    expect(firstDifference(wasmDistances(withZeroFeatures(m, 3), 1), wasmDistances(m, 1))).toBe(-1);
    const wide = withZeroFeatures(m, 3);
    const layout = gramLayout(wide.n, wide.d);
    const module = gramModule(false);
    if (!layout || !module) throw new Error('wasm');
    const memory = new WebAssembly.Memory({ initial: layout.pages });
    const { features } = writeRows(memory, layout, wide, gramInstance(module, memory));
    // Of m's 9 features, feature 1 is zero everywhere; the inserted ones are too.
    expect(Array.from(features)).toEqual([3, 11, 15, 19, 23, 27, 31, 35]);
    expect(wasmDistances({ values: new Float64Array(5 * 4), n: 5, d: 4 }, 1)).toEqual(new Float64Array(10));
  });

  it('exponentiates in place within 2 ulp of Math.exp, flushing results under 1e-307 to 0', () => {
    const module = gramModule(false);
    if (!module) throw new Error('wasm');
    const memory = new WebAssembly.Memory({ initial: 2 });
    const count = 12_345;
    const values = new Float64Array(memory.buffer, 16, count);
    // Squared distances from 0 to 800 (γ = 0.9: exponents down to −720), dense near 0, plus exact 0s.
    for (let i = 0; i < count; i++) values[i] = i % 101 === 0 ? 0 : 800 * (i / count) ** 2;
    const input = Float64Array.from(values);
    gramInstance(module, memory).exponentiate(16, count, 0.9);
    let worst = 0;
    for (let i = 0; i < count; i++) {
      const want = Math.exp(-0.9 * input[i]);
      if (want < 1e-307) expect(values[i] === 0 || Math.abs(values[i] - want) <= 1e-307).toBe(true);
      else worst = Math.max(worst, Math.abs(values[i] - want) / want);
      if (input[i] === 0) expect(values[i]).toBe(1);
    }
    expect(worst).toBeLessThanOrEqual(2 * Number.EPSILON);
  });

  it('exponentiates identically on one thread and on the pool', () => {
    const m = randomMatrix(900, 60, 9);
    const one = pairwiseSquaredDistancesWasm(m, 1);
    const pool = pairwiseSquaredDistancesWasm(m, 2);
    if (!one || !pool) throw new Error('wasm');
    expect(firstDifference(pool.values, one.values)).toBe(-1);
    one.exponentiate(0.01);
    pool.exponentiate(0.01);
    expect(firstDifference(pool.values, one.values)).toBe(-1);
  });

  it('brackets like the JS pass: the count below, the values inside, overflow as null', () => {
    const stream = new SeededRandom(10);
    const random = () => stream.uniform();
    for (const n of [2, 3, 150, 701]) {
      const m = randomMatrix(n, 5, n);
      const packed = pairwiseSquaredDistancesWasm(m, 1);
      if (!packed) throw new Error('wasm');
      const copy = Float64Array.from(packed.values);
      const sorted = Float64Array.from(copy).sort();
      const q = 0.2 + 0.6 * random();
      const lo = sorted[Math.floor(q * (copy.length - 1))];
      const hi = sorted[Math.floor((q + 0.03) * (copy.length - 1))];
      const want = jsBracket(copy)(lo, hi, copy.length);
      const got = packed.bracket(lo, hi, bracketCapacity(copy.length));
      expect(got?.below).toBe(want?.below);
      expect(Float64Array.from(got?.inside ?? []).sort()).toEqual(
        Float64Array.from(want?.inside ?? []).sort(),
      );
      if ((want?.inside.length ?? 0) > 2) expect(packed.bracket(lo, hi, 1)).toBeNull();
    }
  });

  it('its tiles cover every pair i < j exactly once', () => {
    for (const n of [1, 2, 63, 64, 65, 257, 700]) {
      const layout = gramLayout(n, 3);
      if (!layout) throw new Error('layout');
      const seen = new Uint8Array(n * n);
      const t = layout.tasks;
      for (let q = 0; q < t.length; q += 4) {
        if (t[q] % 4 !== 0 || t[q + 2] % 2 !== 0)
          throw new Error(`misaligned tile ${Array.from(t.slice(q, q + 4))}`);
        for (let i = t[q]; i < t[q + 1]; i++)
          for (let j = Math.max(t[q + 2], i + 1); j < t[q + 3]; j++) seen[i * n + j]++;
      }
      let wrong = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) if (seen[i * n + j] !== (j > i ? 1 : 0)) wrong++;
      expect(wrong).toBe(0);
    }
  });

  it('gives bit-identical results on 1, 2 and 3 threads', () => {
    const m = randomMatrix(600, 128, 3);
    expect(kernelThreads(m.n, m.d, 3)).toBeGreaterThanOrEqual(Math.min(2, kernelThreads(m.n, m.d, 64)));
    const one = wasmDistances(m, 1);
    for (const threads of [2, 3]) expect(firstDifference(wasmDistances(m, threads), one)).toBe(-1);
    expectClose(one, pairwiseSquaredDistances(m));
  });

  it('lets pooled worker threads compute every tile when the caller only waits', () => {
    const m = randomMatrix(300, 40, 6);
    const { job, layout, memory } = sharedJob(m);
    expect(runGramJob(job, 2, { callerComputes: false, stallMs: 60_000 })).toBe(0);
    expectClose(
      new Float64Array(memory.buffer, layout.outAt, (m.n * (m.n - 1)) / 2),
      pairwiseSquaredDistances(m),
    );
  });

  it('finishes a job whose claimed tiles never complete (a dead worker) by computing them itself', () => {
    const m = randomMatrix(90, 6, 4);
    const { job, layout, memory } = sharedJob(m);
    // Every tile already claimed by nobody: this thread takes none, waits, then recovers all of them.
    new Int32Array(memory.buffer, layout.ctrlAt, 1)[0] = layout.tasks.length / 4;
    expect(runGramJob(job, 0, { stallMs: 20 })).toBe(layout.tasks.length / 4);
    expectClose(
      new Float64Array(memory.buffer, layout.outAt, (m.n * (m.n - 1)) / 2),
      pairwiseSquaredDistances(m),
    );
  });

  it('keeps small kernels on one thread and rejects bad thread counts', async () => {
    expect(kernelThreads(100, 10, 8)).toBe(1);
    expect(kernelThreads(5000, 784, 1)).toBe(1);
    const m = randomMatrix(10, 3, 5);
    for (const threads of [0, 1.5, -2])
      await expect(buildKernel(m, { threads })).rejects.toThrow(OptionError);
  });

  it('says what to do when the memory for the exact kernel cannot be allocated', async () => {
    const real = WebAssembly;
    vi.stubGlobal('WebAssembly', {
      ...Object.fromEntries(Object.getOwnPropertyNames(real).map((k) => [k, Reflect.get(real, k)])),
      Memory: class {
        constructor() {
          throw new RangeError('WebAssembly.Memory(): could not allocate memory');
        }
      },
    });
    try {
      const error = await buildKernel(randomMatrix(30, 4, 1), {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OptionError);
      expect((error as Error).message).toMatch(/maxExactRows|nystrom/);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('ships the binary that gram.wat assembles to', () => {
    const script = new URL('../scripts/build-wasm.mjs', import.meta.url).pathname;
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

describe('the fused-multiply-add build (relaxed SIMD)', () => {
  it('equals the scalar reference for every shape, with copies of a row exactly 0', () => {
    for (const n of [3, 9, 67, 300]) {
      for (const d of [1, 3, 128]) {
        const m = randomMatrix(n, d, n * 100 + d);
        expectClose(wasmDistances(m, 1, true), pairwiseSquaredDistances(m));
      }
    }
    expect(wasmDistances(randomMatrix(40, 9, 7), 1, true)[1]).toBe(0);
  });

  it('agrees with the plain build on 1,000 MNIST digits and is bit-identical on any thread count', () => {
    const { pixels } = spreadDigits(1000);
    const fused = wasmDistances(pixels, 1, true);
    expectClose(fused, wasmDistances(pixels, 1, false));
    expect(firstDifference(wasmDistances(pixels, 2, true), fused)).toBe(-1);
  });
});
