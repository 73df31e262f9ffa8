import { explain, OptionError, type Progress, wrapModel } from '@loupe/core';
import { type ExplainFunction, modelRandomization } from '@loupe/eval';
import { predictClass } from '@loupe/ui-components';
import * as tf from '@tensorflow/tfjs';
import { cloneLayersModel } from './clone-model.js';
import type { CurrentInput } from './current-input.js';
import type { ModelSession } from './session.js';

/** The trained model's map, then the map after each cascading randomization step, with its similarity. */
export interface SanityResult {
  method: string;
  shape: number[];
  original: Float32Array;
  steps: { layer: string; spearman: number; spearmanAbs: number; ssim: number; map: Float32Array }[];
}

/**
 * Cascading model-parameter randomization (Adebayo et al. 2018) through `@loupe/eval`'s
 * `modelRandomization`, on a private copy of the model: layers are re-drawn from the top down and the
 * method re-run after each; the maps it produced along the way are kept for display.
 */
export async function runSanity(request: {
  session: ModelSession;
  input: CurrentInput;
  method: string;
  params: Record<string, unknown>;
  signal: AbortSignal;
  onProgress(p: Progress): void;
}): Promise<SanityResult> {
  const { session } = request;
  if (!(session.raw instanceof tf.LayersModel)) {
    throw new OptionError(
      'The sanity check re-draws layer weights, so it needs a LayersModel; this is a GraphModel.',
    );
  }
  const copy = await cloneLayersModel(session.raw);
  const model = wrapModel(copy, session.wrapOptions);
  const maps: Float32Array[] = [];
  const recordingExplain: ExplainFunction = async (m, x, options) => {
    const attribution = await explain(m, x, { ...request.params, ...options, method: request.method });
    maps.push(Float32Array.from(await attribution.data()));
    return attribution;
  };
  try {
    const { index: target } = await predictClass(model, request.input.x);
    const result = await modelRandomization(model, request.input.x, recordingExplain, {
      mode: 'cascading',
      target,
      signal: request.signal,
      onProgress: request.onProgress,
    });
    return {
      method: request.method,
      shape: [...request.input.x.shape],
      original: maps[0],
      steps: result.steps.map((s, k) => ({
        layer: s.layer,
        spearman: s.spearman,
        spearmanAbs: s.spearmanAbs,
        ssim: s.ssim,
        map: maps[k + 1],
      })),
    };
  } finally {
    model.dispose();
    copy.dispose();
  }
}
