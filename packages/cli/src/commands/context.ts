import { availableParallelism } from 'node:os';
import type { Preprocess } from '../input/preprocess.js';
import type { ProgressReporter } from '../progress.js';
import type { BackendChoice } from '../setup/backend.js';

/** What every command gets besides its own flags: output mode, progress and the interrupt signal. */
export interface CommandContext {
  /** --json: print one JSON document on stdout and nothing else there. */
  json: boolean;
  /** --quiet: no progress, notes or backend messages (workers silence their console too). */
  quiet: boolean;
  progress: ProgressReporter;
  signal: AbortSignal;
  /** Writes to stdout (captured in tests). */
  print(text: string): void;
  /**
   * Called by a command that finishes its current unit of work after the first Ctrl-C, however long it
   * takes (`loupe worker`); others exit within a short deadline.
   */
  finishOnInterrupt?(): void;
}

/** Flags shared by the commands that read a model and images. */
export interface ModelFlags {
  model: string;
  backend: BackendChoice;
  preprocess: Preprocess;
}

/** Flags of the commands that work through a data set in chunks. */
export interface DataSetFlags {
  /** Worker threads (default: the machine's cores). */
  workers: number;
  /** Examples per chunk (one forward/backward batch; bounds memory per worker). */
  batchSize: number;
}

/** Default --workers: every core of the machine. */
export const DEFAULT_WORKERS = availableParallelism();

/** Default --batch-size. */
export const DEFAULT_BATCH_SIZE = 16;

/**
 * Splits [0, total) into chunks of `batchSize` (the last may be shorter). The chunks depend only on
 * the batch size, never on the worker count, which is what makes results independent of --workers.
 */
export function chunkRanges(
  total: number,
  batchSize: number,
): { chunk: number; start: number; end: number }[] {
  const out: { chunk: number; start: number; end: number }[] = [];
  for (let start = 0, chunk = 0; start < total; start += batchSize, chunk++) {
    out.push({ chunk, start, end: Math.min(total, start + batchSize) });
  }
  return out;
}

/**
 * Workers that are worth starting: 1 for GPU backends (the device is shared, threads only add copies)
 * and never more than there are chunks.
 */
export function effectiveWorkers(flags: DataSetFlags, backend: BackendChoice, chunks: number): number {
  if (['webgpu', 'node', 'tensorflow'].includes(backend)) return 1;
  return Math.max(1, Math.min(flags.workers, chunks));
}
