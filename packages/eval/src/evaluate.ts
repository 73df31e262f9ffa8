import {
  AbortError,
  applyParams,
  type ExplainableModel,
  getExplainer,
  isExplainableModel,
  type ModelLike,
  OptionError,
  type RunControl,
  rejectUnknownOptions,
  type Target,
  throwIfAborted,
  wrapModel,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { type AttributionSource, attributionValues, isMethod } from './attribution-source.js';
import type { EvaluationData, EvaluatorPlugin } from './evaluator.js';
import { getEvaluator } from './evaluator-registry.js';
import { metricOptionNames } from './option-names.js';

/** A method to evaluate: a registered id, or a name with an explain function or finished attribution. */
export type MethodEntry = string | { name: string; source: AttributionSource };

/** Options of {@link evaluate}. */
export interface EvaluateOptions extends RunControl {
  /** Target for every method and metric (default `'predicted'`). */
  target?: Target;
  /** Seed passed to every metric and method (default 0). */
  seed?: number;
  /** Per-metric options, by metric id (validated against the metric's params). */
  metricOptions?: Record<string, Record<string, unknown>>;
  /** Per-method options, by method name. */
  methodOptions?: Record<string, Record<string, unknown>>;
}

/** Why a cell has no value: what the method or the metric threw. */
export interface CellFailure {
  /** The error's class, e.g. `'UnsupportedLayerError'`. */
  name: string;
  /** A `LoupeError`'s stable code, when it is one. */
  code?: string;
  message: string;
}

/** One cell of the table. */
export interface EvaluationCell {
  method: string;
  metric: string;
  /** The headline value; `null` when the cell failed (see `error`). */
  value: number | null;
  /** What the metric returned behind the headline value (curves, per-layer rows…). */
  details?: unknown;
  /** Caveats about the value, e.g. a raw score tracked because the model gives no probability. */
  warnings?: string[];
  /** Set when this method × metric pair failed; the other cells are still computed. */
  error?: CellFailure;
  millis: number;
}

/** The result of {@link evaluate}: plain data, JSON-serialisable. */
export interface EvaluationTable {
  methods: string[];
  metrics: { id: string; label: string; better: 'higher' | 'lower'; reference: string }[];
  cells: EvaluationCell[];
  seed: number;
  backend: string;
  examples: number;
}

/** The error a cell records: name, code and message, JSON-serialisable. */
function failureOf(err: unknown): CellFailure {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string'
    ? { name: err.name, code, message: err.message }
    : { name: err.name, message: err.message };
}

/** The cells that failed (their `error` says why). */
export function failedCells(table: EvaluationTable): EvaluationCell[] {
  return table.cells.filter((c) => c.error !== undefined);
}

/**
 * Scores every method with every metric on the same data (a methods × metrics matrix). A method is
 * explained once per metric that only needs its map (the map is computed once per method and shared);
 * metrics that re-explain get the method itself. Progress counts cells; abort is checked between cells
 * and inside metrics. Same seed, same table.
 *
 * Unknown method or metric ids, bad metric options and missing data are thrown before any work. A
 * method × metric pair that fails (an incompatible pair, a method that cannot explain this model) is
 * recorded in its cell (`value: null`, `error`) and the rest of the table is still computed; only an
 * abort stops the whole table. {@link failedCells} lists the failures.
 */
export async function evaluate(
  model: ModelLike | ExplainableModel,
  data: EvaluationData | tf.Tensor,
  methods: readonly MethodEntry[],
  metrics: readonly (string | EvaluatorPlugin)[],
  options: EvaluateOptions = {},
): Promise<EvaluationTable> {
  const set: EvaluationData = data instanceof tf.Tensor ? { x: data } : data;
  if (!set?.x) throw new OptionError('data must be a tensor or { x, labels?, masks?, train? }.');
  if (methods.length === 0) throw new OptionError('Give at least one method to evaluate.');
  const plugins = metrics.map((m) => (typeof m === 'string' ? getEvaluator(m) : m));
  for (const p of plugins) {
    for (const need of p.requires ?? []) {
      if (!set[need]) throw new OptionError(`Metric "${p.id}" needs data.${need}.`);
    }
  }
  for (const m of methods) if (typeof m === 'string') getExplainer(m);
  for (const p of plugins) {
    const given = options.metricOptions?.[p.id];
    if (given) rejectUnknownOptions(p.id, given, metricOptionNames(p));
  }
  const metricOpts = plugins.map((p) => applyParams(p.params, { ...options.metricOptions?.[p.id] }));
  const owned = !isExplainableModel(model);
  const wrapped = wrapModel(model);
  const seed = options.seed ?? 0;
  const cells: EvaluationCell[] = [];
  const names = methods.map((m) => (typeof m === 'string' ? m : m.name));
  try {
    const { batched } = wrapped.normalize(set.x);
    const x: EvaluationData = { ...set, x: batched };
    const total = methods.length * plugins.length;
    try {
      for (const [mi, entry] of methods.entries()) {
        const source = typeof entry === 'string' ? entry : entry.source;
        const methodOptions = options.methodOptions?.[names[mi]];
        let map: tf.Tensor | null = null;
        let mapError: unknown = null;
        try {
          for (const [pi, plugin] of plugins.entries()) {
            throwIfAborted(options.signal);
            const t0 = performance.now();
            const cell: EvaluationCell = { method: names[mi], metric: plugin.id, value: null, millis: 0 };
            try {
              if (plugin.needs === 'attribution' && isMethod(source) && !map) {
                // A method that cannot explain fails every cell that needs its map: run it once.
                if (mapError) throw mapError;
                try {
                  map = await attributionValues(wrapped, batched, source, {
                    target: options.target,
                    seed,
                    signal: options.signal,
                    methodOptions,
                  });
                } catch (err) {
                  mapError = err;
                  throw err;
                }
              }
              const given = plugin.needs === 'attribution' && map ? map : source;
              const result = await plugin.evaluate(wrapped, x, given, {
                ...metricOpts[pi],
                target: options.target,
                seed,
                signal: options.signal,
                methodOptions,
              });
              cell.value = result.value;
              if (result.details !== undefined) cell.details = result.details;
              if (result.warnings?.length) cell.warnings = result.warnings;
            } catch (err) {
              if (err instanceof AbortError) throw err;
              cell.error = failureOf(err);
            }
            cell.millis = performance.now() - t0;
            cells.push(cell);
            options.onProgress?.({ done: cells.length, total, phase: `${names[mi]} × ${plugin.id}` });
          }
        } finally {
          map?.dispose();
        }
      }
    } finally {
      if (batched !== set.x) batched.dispose();
    }
  } finally {
    if (owned) wrapped.dispose();
  }
  return {
    methods: names,
    metrics: plugins.map((p) => ({ id: p.id, label: p.label, better: p.better, reference: p.reference })),
    cells,
    seed,
    backend: tf.getBackend(),
    examples: set.x.shape[0],
  };
}
