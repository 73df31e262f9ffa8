import type { Progress } from '@loupe/core';
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
 * Reuses the Attribute tab's attributions when present; otherwise the method runs through `@loupe/eval`.
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
    const params = request.params[method] ?? {};
    const stored = request.store.get(
      attributionKey(request.session.id, request.input.version, method, params, tf.getBackend()),
    );
    for (const kind of ['deletion', 'insertion'] as const) {
      request.signal.throwIfAborted();
      const source = stored ? tf.tensor(stored.values, stored.shape) : method;
      try {
        const metric = kind === 'deletion' ? deletion : insertion;
        const curve = await metric(request.session.model, request.input.x, source, {
          steps: request.steps,
          target: request.target,
          methodOptions: params,
          signal: request.signal,
        });
        out[kind].push({
          label: stored?.label ?? method,
          kind,
          fractions: curve.fractions,
          scores: curve.scores,
          auc: curve.auc,
        });
      } finally {
        if (typeof source !== 'string') source.dispose();
      }
      request.onProgress({ done: ++done, total, phase: `${kind} ${method}` });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  return out;
}
