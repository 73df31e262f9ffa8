import {
  applyParams,
  type ExplainableModel,
  isExplainableModel,
  type ModelLike,
  OptionError,
  type RunControl,
  type Target,
  throwIfAborted,
  wrapModel,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { type AttributionSource, attributionValues, isMethod } from './attribution-source.js';
import type { EvaluationData, EvaluatorPlugin } from './evaluator.js';
import { getEvaluator } from './evaluator-registry.js';

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

/** One cell of the table. */
export interface EvaluationCell {
  method: string;
  metric: string;
  value: number;
  /** What the metric returned behind the headline value (curves, per-layer rows…). */
  details?: unknown;
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

/**
 * Scores every method with every metric on the same data (a methods × metrics matrix). A method is
 * explained once per metric that only needs its map (the map is computed once per method and shared);
 * metrics that re-explain get the method itself. Progress counts cells; abort is checked between cells
 * and inside metrics. Same seed, same table.
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
        try {
          for (const plugin of plugins) {
            throwIfAborted(options.signal);
            const t0 = performance.now();
            if (plugin.needs === 'attribution' && isMethod(source) && !map) {
              map = await attributionValues(wrapped, batched, source, {
                target: options.target,
                seed,
                signal: options.signal,
                methodOptions,
              });
            }
            const given = plugin.needs === 'attribution' && map ? map : source;
            const opts = applyParams(plugin.params, { ...options.metricOptions?.[plugin.id] });
            const result = await plugin.evaluate(wrapped, x, given, {
              ...opts,
              target: options.target,
              seed,
              signal: options.signal,
              methodOptions,
            });
            cells.push({
              method: names[mi],
              metric: plugin.id,
              value: result.value,
              details: result.details,
              millis: performance.now() - t0,
            });
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
