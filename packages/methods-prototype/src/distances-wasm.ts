import { OptionError } from '@loupe/core';
import type { DataMatrix } from './matrix.js';
import { type Bracket, jsBracket } from './median.js';
import { gramLayout, writeRows } from './wasm/gram-layout.js';
import { gramInstance, gramModule } from './wasm/gram-module.js';
import { availableThreads, type GramJob, runGramJob } from './wasm/gram-pool.js';

// Below this many multiply-adds (~3 ms on one core) handing tiles to workers costs more than it saves.
const MIN_THREADED_WORK = 2e7;
// Below this many kernel values (~2 ms of exp) the exp pass stays on the calling thread.
const MIN_THREADED_EXP = 400_000;

/** How many threads the float64 kernel uses for n rows of d features when `threads` are allowed. */
export function kernelThreads(n: number, d: number, threads: number): number {
  if (threads <= 1 || (n * n * d) / 2 < MIN_THREADED_WORK) return 1;
  return Math.min(threads, availableThreads());
}

/** Packed squared distances (upper triangle, i < j, row-major) that can become kernel values in place. */
export interface PackedDistances {
  values: Float64Array;
  /** The median's full pass over `values`. */
  bracket: Bracket;
  /** Overwrites every value v with the RBF kernel value exp(−γ·v). */
  exponentiate(gamma: number): void;
}

/** `values` with `exponentiate` done by `Math.exp`, for distances computed outside WebAssembly. */
export function jsPackedDistances(values: Float64Array): PackedDistances {
  return {
    values,
    bracket: jsBracket(values),
    exponentiate(gamma) {
      for (let p = 0; p < values.length; p++) values[p] = Math.exp(-gamma * values[p]);
    },
  };
}

/**
 * The same packed squared distances as `pairwiseSquaredDistances` (float64; the dot products summed in
 * another order, so equal to ~1e-15 relative), on WebAssembly SIMD in register-blocked tiles, split over
 * `threads` threads in Node (worker threads on a shared memory; 1 = this thread only). Identical for
 * any thread count. `values` is a view into the module's memory, which lives as long as the array;
 * `exponentiate` runs a SIMD exp (within 2 ulp of `Math.exp`; values under 1e-307 become 0). `fma`
 * (default) takes the fused-multiply-add build where the engine has relaxed SIMD (see `gramModule`).
 * Returns null where the engine lacks WebAssembly SIMD or the triangle exceeds wasm32's 4 GiB; throws
 * `OptionError` when the engine cannot allocate the memory.
 */
export function pairwiseSquaredDistancesWasm(m: DataMatrix, threads = 1, fma = true): PackedDistances | null {
  const layout = gramLayout(m.n, m.d);
  // Threads are decided on the full width; skipped all-zero features only make the work smaller.
  const used = layout ? kernelThreads(m.n, m.d, threads) : 1;
  const shared = used > 1 && typeof SharedArrayBuffer === 'function';
  const module = gramModule(shared, fma);
  if (!layout || !module) return null;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory(
      shared ? { initial: layout.pages, maximum: layout.pages, shared: true } : { initial: layout.pages },
    );
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new OptionError(
      `The exact kernel for ${m.n} rows needs ${(layout.pages / 16_384).toFixed(2)} GiB of memory, more than this engine could allocate (${err.message}). Lower maxExactRows (rows above it use the Nyström approximation) or pass approximation: 'nystrom'.`,
    );
  }
  const exports = gramInstance(module, memory);
  const { panelBytes } = writeRows(memory, layout, m, exports);
  const setup: GramJob['setup'] = [layout.xAt, m.n, panelBytes, layout.normsAt, layout.outAt];
  const job = { module, memory, setup, gamma: 0 };
  if (shared) runGramJob({ ...job, op: 0, tasks: layout.tasks, ctrlAt: layout.ctrlAt }, used - 1);
  else {
    const t = layout.tasks;
    for (let i = 0; i < t.length; i += 4) exports.tile(t[i], t[i + 1], t[i + 2], t[i + 3]);
  }
  const count = (m.n * (m.n - 1)) / 2;
  return {
    values: new Float64Array(memory.buffer, layout.outAt, count),
    exponentiate: (gamma) => {
      if (!shared || count < MIN_THREADED_EXP) exports.exponentiate(layout.outAt, count, gamma);
      else runGramJob({ ...job, op: 1, gamma, tasks: layout.expTasks, ctrlAt: layout.expCtrlAt }, used - 1);
    },
    bracket: (lo, hi, capacity) => {
      const cap = Math.min(capacity, layout.scratchCapacity);
      const [below, copied] = exports.bracket(layout.outAt, count, lo, hi, layout.scratchAt, cap);
      return copied > cap
        ? null
        : { below, inside: new Float64Array(memory.buffer, layout.scratchAt, copied) };
    },
  };
}
