import * as tf from '@tensorflow/tfjs-core';
import { MemoryBudgetError } from './errors.js';
import { nodeBuiltins } from './runtime.js';

/** How much one piece of work may allocate on the active backend, and where that figure comes from. */
export interface MemoryBudget {
  /** Bytes. */
  bytes: number;
  /** What limits it, for messages, e.g. `'the wasm heap (4 GiB address space)'`. */
  source: string;
}

const GiB = 2 ** 30;
/** tfjs-backend-wasm is a wasm32 build whose heap may grow to 4 GiB − 64 KiB. */
const WASM_HEAP_MAX = 4 * GiB - 65536;

/**
 * The host's memory: half of Node's total memory (the rest is the OS's, other processes' and the work's
 * own overhead), a browser's JS heap limit or device memory, else 4 GiB.
 */
function hostMemory(): MemoryBudget {
  const os = nodeBuiltins()?.os;
  if (os) return { bytes: os.totalmem() / 2, source: 'half of the machine’s memory' };
  const perf = (globalThis as { performance?: { memory?: { jsHeapSizeLimit?: number } } }).performance;
  const heap = perf?.memory?.jsHeapSizeLimit;
  if (typeof heap === 'number' && heap > 0)
    return { bytes: heap, source: 'the browser’s JavaScript heap limit' };
  const device = (globalThis as { navigator?: { deviceMemory?: number } }).navigator?.deviceMemory;
  if (typeof device === 'number' && device > 0)
    return { bytes: device * GiB, source: 'the device memory the browser reports' };
  return { bytes: 4 * GiB, source: 'a 4 GiB default (this runtime reports no memory size)' };
}

/**
 * What the active backend can hold: the wasm heap's 4 GiB limit for `wasm` (less what tensors already
 * use), otherwise the host's memory (WebGPU does not report device memory; its buffers are staged through
 * host memory too). A ceiling for refusing absurd work before it starts, not a promise that work below it
 * fits: batches that still run out of memory are split by `forEachBatch`.
 */
export function memoryBudget(): MemoryBudget {
  if (tf.getBackend() === 'wasm') {
    const used = tf.memory().numBytes;
    return {
      bytes: Math.max(0, WASM_HEAP_MAX - used),
      source: 'the wasm heap (4 GiB, less what tensors use)',
    };
  }
  return hostMemory();
}

/** Bytes in words: `'1.5 GB'`, `'640 MB'`, `'12 kB'` (decimal units). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Bytes of a float32 tensor with `elements` values. */
export const FLOAT32_BYTES = 4;

/** One piece of work to check against the budget. */
export interface MemoryEstimate {
  /** Bytes the work holds at once. */
  bytes: number;
  /** What the work is, e.g. `'RISE with batches of 512 masks on 224×224×3 images'`. */
  what: string;
  /** What to lower, e.g. `'Lower batchSize or masks.'`. */
  fix: string;
}

/**
 * Refuses work whose estimated memory exceeds {@link memoryBudget} before anything is allocated: throws
 * `MemoryBudgetError` with the estimate, the limit and what to lower. `budget` overrides the backend's
 * (tests, callers that know better).
 */
export function assertWithinMemory(estimate: MemoryEstimate, budget: MemoryBudget = memoryBudget()): void {
  if (!(estimate.bytes > budget.bytes)) return;
  throw new MemoryBudgetError(
    `${estimate.what} needs about ${formatBytes(estimate.bytes)} at once (estimate), more than the ${tf.getBackend()} backend can hold: about ${formatBytes(budget.bytes)}, ${budget.source}. ${estimate.fix}`,
    estimate.bytes,
    budget.bytes,
  );
}
