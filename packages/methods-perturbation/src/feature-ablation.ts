import {
  type Attribution,
  type ExplainableModel,
  type ModelInput,
  type ModelLike,
  type OptionNames,
  rejectUnknownOptions,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { FEATURE_MASK_OPTION_NAMES, type FeatureMaskOptions, featureGroups } from './feature-mask.js';
import { type Fill, makeBaseline } from './fill.js';
import { onPackedInput } from './packed-input.js';
import {
  finishAttribution,
  PERTURBATION_OPTION_NAMES,
  type PerturbationOptions,
  prepareCall,
} from './prepare.js';
import { broadcastGroups, type Coalitions, scoreCoalitions } from './score-coalitions.js';

/** Options of {@link featureAblation}. */
export interface FeatureAblationOptions extends PerturbationOptions, FeatureMaskOptions {
  /** What an ablated feature is replaced with (default 0). See `Fill`. */
  fill?: Fill;
  /** Standard deviation in pixels of `fill: 'blur'` (default 3). */
  blurSigma?: number;
}

const FEATURE_ABLATION_OPTION_NAMES: OptionNames<FeatureAblationOptions> = {
  ...PERTURBATION_OPTION_NAMES,
  ...FEATURE_MASK_OPTION_NAMES,
  fill: true,
  blurSigma: true,
};

/** Row 0 keeps everything (f(x)); row g+1 drops group g alone. */
function oneOffCoalitions(features: number): Coalitions {
  const rows = new Uint8Array((features + 1) * features).fill(1);
  for (let g = 0; g < features; g++) rows[(g + 1) * features + g] = 0;
  return { rows, count: features + 1, features };
}

async function featureAblationPacked(
  model: ModelLike | ExplainableModel,
  x: tf.Tensor,
  options: FeatureAblationOptions,
): Promise<Attribution> {
  rejectUnknownOptions('feature-ablation', options, Object.keys(FEATURE_ABLATION_OPTION_NAMES));
  const call = await prepareCall(model, x, options);
  const parts: tf.Tensor[] = [];
  let baseline: tf.Tensor | null = null;
  try {
    const groups = await featureGroups(call.input.batched, options, call.model);
    baseline = makeBaseline(options.fill ?? 0, call.input.batched, options.blurSigma ?? 3, call.model);
    const total = groups.reduce((a, g) => a + g.count + 1, 0);
    let offset = 0;
    for (let i = 0; i < groups.length; i++) {
      const coalitions = oneOffCoalitions(groups[i].count);
      const scores = await scoreCoalitions(call, i, groups[i], baseline, coalitions, {
        ...options,
        phase: 'feature-ablation',
        offset,
        total,
      });
      offset += coalitions.count;
      parts.push(
        broadcastGroups(
          call,
          groups[i],
          scores.subarray(1).map((s) => scores[0] - s),
        ),
      );
    }
    const values = tf.concat(parts, 0);
    return finishAttribution(call, 'feature-ablation', values, {
      features: groups.map((g) => g.count),
      forwardPasses: total,
    });
  } finally {
    tf.dispose(parts);
    baseline?.dispose();
    call.release();
  }
}

/**
 * Feature ablation (as Captum's FeatureAblation): each feature group of the integer `featureMask` is
 * replaced by `fill` on its own, and the drop in the target score f(x) − f(x without the group) is that
 * group's attribution, given to each of its elements. Units: the target score's. One forward pass per
 * group plus one, in batches of `batchSize`. Throws `OptionError` for a mask that does not fit the input.
 * For a model with several inputs, `featureMask` (and a fill tensor) may be given per input (an array or a
 * record by name; equal ids across inputs are one feature) and each input's default groups are its own.
 */
export async function featureAblation(
  model: ModelLike | ExplainableModel,
  x: ModelInput,
  options: FeatureAblationOptions = {},
): Promise<Attribution> {
  rejectUnknownOptions('feature-ablation', options, Object.keys(FEATURE_ABLATION_OPTION_NAMES));
  return onPackedInput(model, x, options, ['featureMask', 'fill'], (m, packed, o) =>
    featureAblationPacked(m, packed, o),
  );
}
