import { explain, getExplainer, type Progress, type Target, yieldToEventLoop } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { type AttributionStore, attributionKey, type StoredAttribution } from './attribution-store.js';
import type { CurrentInput } from './current-input.js';
import type { ModelSession } from './session.js';

/** One method's outcome: its attribution, or why it failed. */
export type MethodOutcome = { method: string; result: StoredAttribution } | { method: string; error: string };

/**
 * Explains the input with each method in turn (for `target`, normally the predicted class), reading every result back and
 * freeing its tensors; cached results are reused. `onResult` gets each outcome as soon as it is ready.
 * Between methods the event loop runs, and the signal stops the sequence.
 */
export async function runAttributions(request: {
  session: ModelSession;
  input: CurrentInput;
  methods: readonly string[];
  params: Record<string, Record<string, unknown>>;
  store: AttributionStore;
  /** What to explain: the predicted class (read once asynchronously), or a region of a dense output. */
  target: Target;
  /** Identifies a region target in the cache (a class index identifies itself). */
  targetKey?: string;
  signal: AbortSignal;
  onProgress(p: Progress): void;
  /** Each method's own progress, as a fraction in [0, 1]. */
  onMethodProgress?(method: string, fraction: number): void;
  onResult(outcome: MethodOutcome): void;
}): Promise<MethodOutcome[]> {
  const outcomes: MethodOutcome[] = [];
  for (const [i, method] of request.methods.entries()) {
    request.signal.throwIfAborted();
    const params = request.params[method] ?? {};
    const keyed = request.targetKey === undefined ? params : { ...params, region: request.targetKey };
    const key = attributionKey(request.session.id, request.input.version, method, keyed, tf.getBackend());
    let outcome: MethodOutcome;
    try {
      const plugin = getExplainer(method);
      const cached = request.store.get(key);
      if (cached) outcome = { method, result: cached };
      else {
        const attribution = await explain(request.session.model, request.input.x, {
          ...params,
          method,
          target: request.target,
          signal: request.signal,
          onProgress: (p) => {
            const fraction = p.done / Math.max(1, p.total);
            request.onMethodProgress?.(method, fraction);
            request.onProgress({ done: i + fraction, total: request.methods.length, phase: plugin.label });
          },
        });
        try {
          const result: StoredAttribution = {
            method,
            label: plugin.label,
            values: (await attribution.data()) as Float32Array,
            shape: [...attribution.shape],
            target: attribution.target[0] ?? null,
            millis: attribution.meta.millis ?? 0,
            backend: attribution.meta.backend ?? 'unknown',
            meta: { ...attribution.meta },
          };
          request.store.set(key, result);
          outcome = { method, result };
        } finally {
          attribution.dispose();
        }
      }
    } catch (err) {
      if (request.signal.aborted) throw err;
      outcome = { method, error: err instanceof Error ? err.message : String(err) };
    }
    outcomes.push(outcome);
    request.onResult(outcome);
    request.onProgress({ done: i + 1, total: request.methods.length, phase: 'methods' });
    await yieldToEventLoop();
  }
  return outcomes;
}
