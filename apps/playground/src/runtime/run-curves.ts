import { type Attribution, explain, type Progress, yieldToEventLoop } from '@loupe/core';
import { deletion, insertion } from '@loupe/eval';
import type { CurveSeries } from '@loupe/ui-components';
import * as tf from '@tensorflow/tfjs';
import { type AttributionStore, attributionKey } from './attribution-store.js';
import type { CurrentInput } from './current-input.js';
import type { ModelSession } from './session.js';

/** Deletion and insertion curves of every method, in chart form. */
export interface CurveResults {
  deletion: CurveSeries[];
  insertion: CurveSeries[];
}

/**
 * Deletion (most relevant pixels set to zero) and insertion (most relevant pixels copied into a blurred
 * copy) curves (Petsiuk et al. 2018) of each method on the current input, for the predicted class.
 * Reuses the Attribute tab's attributions when present; otherwise each method runs once, for both curves.
 */
export async function runCurves(request: {
  session: ModelSession;
  input: CurrentInput;
  methods: readonly string[];
  params: Record<string, Record<string, unknown>>;
  store: AttributionStore;
  /** The class whose probability is tracked (the prediction). */
  target: number;
  steps: number;
  signal: AbortSignal;
  onProgress(p: Progress): void;
}): Promise<CurveResults> {
  const out: CurveResults = { deletion: [], insertion: [] };
  const total = request.methods.length * 2;
  let done = 0;
  for (const method of request.methods) {
    request.signal.throwIfAborted();
    const params = request.params[method] ?? {};
    const stored = request.store.get(
      attributionKey(request.session.id, request.input.version, method, params, tf.getBackend()),
    );
    // One attribution serves both curves: the method runs (or the stored one is uploaded) once.
    const source: Attribution | tf.Tensor = stored
      ? tf.tensor(stored.values, stored.shape)
      : await explain(request.session.model, request.input.x, {
          ...params,
          method,
          target: request.target,
          signal: request.signal,
        });
    try {
      for (const kind of ['deletion', 'insertion'] as const) {
        request.signal.throwIfAborted();
        const metric = kind === 'deletion' ? deletion : insertion;
        const curve = await metric(request.session.model, request.input.x, source, {
          steps: request.steps,
          target: request.target,
          signal: request.signal,
        });
        out[kind].push({
          label: stored?.label ?? method,
          kind,
          fractions: curve.fractions,
          scores: curve.scores,
          auc: curve.auc,
        });
        request.onProgress({ done: ++done, total, phase: `${kind} ${method}` });
        await yieldToEventLoop();
      }
    } finally {
      source.dispose();
    }
  }
  return out;
}
