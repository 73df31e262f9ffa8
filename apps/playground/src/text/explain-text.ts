import { explain, type ParamValues, type Progress } from '@loupe/core';
import { type Prediction, predictClass } from '@loupe/ui-components';
import * as tf from '@tensorflow/tfjs';
import type { TextSession } from '../runtime/session.js';
import type { TextSummary } from '../test-hook.js';
import type { TokenRow } from './token-input.js';

/** What one run of the text mode found for a row of token ids. */
export interface TextExplanation {
  readonly prediction: Prediction;
  /** The class explained. */
  readonly target: number;
  /** Token attribution's score for every position of the row, pads included. */
  readonly scores: Float32Array;
  readonly technique: string;
  /** Integrated gradients' and DeepLIFT's sum of scores minus f(ids) − f(baseline). */
  readonly convergenceDelta?: number;
  readonly millis: number;
  readonly backend: string;
}

/** A run's request: the session and row it explains, the target, token attribution's options. */
export interface TextRequest {
  readonly session: TextSession;
  /** Token ids, already checked against the vocabulary and fitted to the model's length. */
  readonly row: readonly number[];
  /** A class index, or 'predicted' for the class the model predicts. */
  readonly target: number | 'predicted';
  readonly params: ParamValues;
  readonly signal: AbortSignal;
  onProgress(progress: Progress): void;
}

/**
 * Predicts a row of token ids (one asynchronous read) and explains it with `token-attribution` at the
 * target (the predicted class unless one is chosen). Frees every tensor it makes; throws AbortError once
 * `signal` aborts.
 */
export async function explainText(request: TextRequest): Promise<TextExplanation> {
  const { session, row } = request;
  const ids = tf.tensor1d([...row], 'int32');
  const x = tf.expandDims(ids, 0);
  try {
    const prediction = await predictClass(session.model, ids);
    request.signal.throwIfAborted();
    const target = request.target === 'predicted' ? prediction.index : request.target;
    const attribution = await explain(session.model, x, {
      ...request.params,
      method: 'token-attribution',
      target,
      signal: request.signal,
      onProgress: request.onProgress,
    });
    try {
      const delta = attribution.meta.convergenceDelta;
      return {
        prediction,
        target,
        scores: await attribution.data(),
        technique: String(attribution.meta.technique ?? request.params.technique ?? 'integrated-gradients'),
        ...(Array.isArray(delta) ? { convergenceDelta: Number(delta[0]) } : {}),
        millis: attribution.meta.millis ?? 0,
        backend: attribution.meta.backend ?? tf.getBackend(),
      };
    } finally {
      attribution.dispose();
    }
  } finally {
    tf.dispose([ids, x]);
  }
}

/** The hook's record of a result: the tokens shown, their ids and scores, and what they add up to. */
export function summarizeText(session: TextSession, input: TokenRow, found: TextExplanation): TextSummary {
  const scores = Array.from(found.scores.subarray(0, input.ids.length));
  const sum = found.scores.reduce((s, v) => s + v, 0);
  return {
    modelId: session.id,
    tokens: input.tokens,
    ids: input.ids,
    row: input.row,
    scores,
    target: found.target,
    predicted: found.prediction.index,
    probabilities: found.prediction.probabilities,
    technique: found.technique,
    sum,
    padSum: sum - scores.reduce((s, v) => s + v, 0),
    ...(found.convergenceDelta !== undefined ? { convergenceDelta: found.convergenceDelta } : {}),
  };
}
