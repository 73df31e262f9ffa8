import {
  type ExplainableModel,
  OptionError,
  type OptionNames,
  type RunControl,
  rejectUnknownOptions,
  type Target,
  throwIfAborted,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { attributionData, type ExplainFunction, fixedTarget } from '../attribution-source.js';
import { METRIC_COMMON_OPTION_NAMES } from '../option-names.js';
import { type InitializerMode, redrawWeights, weightedLayersTopDown } from '../randomize-weights.js';
import {
  compareFeatures,
  type MapSimilarity,
  mapFeatures,
  meanSimilarity,
} from '../similarity/map-similarity.js';

/** Options of {@link modelRandomization}. */
export interface ModelRandomizationOptions extends RunControl {
  /** Cascading: randomize from the top down, keeping earlier randomizations (default); independent: one layer at a time. */
  mode?: 'cascading' | 'independent';
  /** Fixed on the trained model and kept for every randomized model (default `'predicted'`). */
  target?: Target;
  /** `'he-normal'` (default) or each layer's own `'layer'` initializers. */
  initializers?: InitializerMode;
  /** Only these layers (names, still visited top first); default every layer with weights. */
  layers?: readonly string[];
  seed?: number;
  methodOptions?: Record<string, unknown>;
}

const MODEL_RANDOMIZATION_OPTION_NAMES: OptionNames<ModelRandomizationOptions> = {
  ...METRIC_COMMON_OPTION_NAMES,
  mode: true,
  initializers: true,
  layers: true,
};

/** Similarity of the maps after randomizing up to (cascading) or exactly (independent) one layer. */
export interface RandomizationStep extends MapSimilarity {
  layer: string;
}

/** Result of {@link modelRandomization}. */
export interface ModelRandomizationResult {
  mode: 'cascading' | 'independent';
  /** One row per randomized layer, top layer first. */
  steps: RandomizationStep[];
}

/**
 * Model parameter randomization test (Adebayo et al. 2018, "Sanity checks for saliency maps"): re-draws
 * layer weights from the top layer down, cascading or independently, re-explains, and compares each map
 * with the trained model's (Spearman signed and absolute, SSIM, HOG; mean over the batch). A method whose
 * maps barely change does not depend on what the model learned. The trained weights are restored
 * afterwards, even on error, and the wrapper refreshed.
 */
export async function modelRandomization(
  model: ExplainableModel,
  x: tf.Tensor,
  method: string | ExplainFunction,
  options: ModelRandomizationOptions = {},
): Promise<ModelRandomizationResult> {
  rejectUnknownOptions('model-randomization', options, Object.keys(MODEL_RANDOMIZATION_OPTION_NAMES));
  if (model.kind !== 'layers')
    throw new OptionError('Model randomization changes layer weights, so it needs a wrapped tf.LayersModel.');
  if (typeof method !== 'string' && typeof method !== 'function') {
    throw new OptionError(
      'Model randomization re-explains the randomized model, so it needs a method id or an explain function.',
    );
  }
  const mode = options.mode ?? 'cascading';
  if (mode !== 'cascading' && mode !== 'independent')
    throw new OptionError(`mode must be 'cascading' or 'independent'; got ${String(mode)}.`);
  const source = model.source as tfl.LayersModel;
  let layers = weightedLayersTopDown(source);
  if (options.layers) {
    const known = new Set(layers.map((l) => l.name));
    for (const name of options.layers)
      if (!known.has(name))
        throw new OptionError(
          `Layer "${name}" has no weights to randomize; choose from ${[...known].join(', ')}.`,
        );
    layers = layers.filter((l) => options.layers!.includes(l.name));
  }
  const { input, target } = await model.prepare(x, options.target);
  const xb = input.batched;
  const call = {
    target: fixedTarget(target, options.target),
    seed: options.seed,
    signal: options.signal,
    methodOptions: options.methodOptions,
  };
  const dims = xb.shape.slice(1);
  const n = xb.shape[0];
  const size = xb.size / n;
  try {
    const original = await attributionData(model, xb, method, call);
    const originalFeatures = Array.from({ length: n }, (_, e) =>
      mapFeatures(original.subarray(e * size, (e + 1) * size), dims),
    );
    const saved = layers.map((l) => l.getWeights().map((w) => w.clone()));
    const steps: RandomizationStep[] = [];
    try {
      for (let k = 0; k < layers.length; k++) {
        throwIfAborted(options.signal);
        if (mode === 'independent' && k > 0) {
          layers[k - 1].setWeights(saved[k - 1]);
        }
        const fresh = redrawWeights(
          layers[k],
          options.initializers ?? 'he-normal',
          (options.seed ?? 0) * 1000 + k,
        );
        layers[k].setWeights(fresh);
        tf.dispose(fresh);
        model.refresh();
        const after = await attributionData(model, xb, method, call);
        const sims = originalFeatures.map((features, e) =>
          compareFeatures(features, mapFeatures(after.subarray(e * size, (e + 1) * size), dims)),
        );
        steps.push({ layer: layers[k].name, ...meanSimilarity(sims) });
        options.onProgress?.({
          done: k + 1,
          total: layers.length,
          phase: `model randomization (${mode})`,
        });
      }
    } finally {
      layers.forEach((l, i) => {
        l.setWeights(saved[i]);
      });
      for (const ws of saved) tf.dispose(ws);
      model.refresh();
    }
    return { mode, steps };
  } finally {
    if (!input.hadBatch) xb.dispose();
  }
}
