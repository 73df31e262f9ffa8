import type { RenderOptions } from '@loupe/core';
import type { EvaluationTable } from '@loupe/eval';
import type { DataSpec } from '../input/dataset.js';
import type { OptionsById } from '../input/plugin-options.js';
import type { Preprocess } from '../input/preprocess.js';
import type { BackendChoice } from '../setup/backend.js';

/** What every task names: the model (as given on the command line), data, preprocessing, backend. */
export interface TaskBase {
  /** Index of this chunk of the data set; chunks have `--batch-size` examples whatever `--workers` is. */
  chunk: number;
  model: string;
  data: DataSpec;
  start: number;
  end: number;
  preprocess: Preprocess;
  backend: BackendChoice;
  /** --quiet: the thread running the task silences tfjs's and the backends' console messages. */
  quiet?: boolean;
}

/**
 * How a run's tasks execute: the backend (a local run's resolved name; a queued run's `--backend` as
 * given, so each worker resolves `auto` itself) and --quiet.
 */
export type TaskRuntime = Pick<TaskBase, 'backend' | 'quiet'>;

/** Explain examples [start, end) with each method; heatmap PNGs are encoded in the worker. */
export interface ExplainTask extends TaskBase {
  kind: 'explain';
  methods: string[];
  methodOptions: OptionsById;
  target: number | 'predicted';
  seed: number;
  /** Whether to send the raw values back (json or npy output). */
  withValues: boolean;
  /** Encode the heatmap PNG. */
  withPng: boolean;
  /** Upscaling of the PNG; null: the short side to ≥ 224 px. */
  scale: number | null;
  /** View, sign, colormap and percentile of the PNG (core's renderer). */
  render: Omit<RenderOptions, 'scale'>;
}

/** One explained example and method. */
export interface ExplainItem {
  name: string;
  method: string;
  target: number | null;
  predicted: number;
  /** The model's probability (or score) of `target`. */
  score: number | null;
  shape: number[];
  /** Whether the image was inverted before explaining it (`--invert`, or detected dark-on-light). */
  inverted: boolean;
  values?: Float32Array;
  png?: Uint8Array;
  meta: Record<string, unknown>;
  /** Set when the method failed on this chunk: no values, no picture; the other methods still ran. */
  error?: SerializedError;
}

/** Score methods × metrics on examples [start, end). */
export interface EvaluateTask extends TaskBase {
  kind: 'evaluate';
  methods: string[];
  metrics: string[];
  methodOptions: OptionsById;
  metricOptions: OptionsById;
  target: number | 'predicted';
  seed: number;
}

/** Embed examples [start, end) with a model layer (or take raw pixels when no model is given). */
export interface EmbedTask extends Omit<TaskBase, 'model'> {
  kind: 'embed';
  model: string | null;
  layer: string | null;
}

/** Rows of an embedding chunk. */
export interface EmbedResult {
  rows: Float32Array;
  dim: number;
  labels?: number[];
  names: string[];
}

/** Any task a worker runs. */
export type Task = ExplainTask | EvaluateTask | EmbedTask;

/** The result type of each task kind. */
export interface TaskResults {
  explain: ExplainItem[];
  evaluate: EvaluationTable;
  embed: EmbedResult;
}

/** Result of a task of type T. */
export type ResultOf<T extends Task> = TaskResults[T['kind']];

/** An error as it crosses a thread boundary (its code decides the exit status). */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
}

/** Anything thrown, as plain data that crosses threads and JSON. */
export function serializeError(error: unknown): SerializedError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
  };
  const out: SerializedError = {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
  };
  if (typeof e.code === 'string') out.code = e.code;
  return out;
}

/** Messages a worker posts back. */
export type WorkerMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: SerializedError };
