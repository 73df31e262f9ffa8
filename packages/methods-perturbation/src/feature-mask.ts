import {
  checkCount,
  type ExplainableModel,
  OptionError,
  type OptionNames,
  type PerInputValue,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { MAX_SEGMENTS } from './limits.js';
import { type SuperpixelOptions, segmentImage } from './superpixels/superpixel-mask.js';

/** One example's features: which group each input element belongs to. */
export interface FeatureGroups {
  /** Group index 0..count−1 of every element of the example (row-major). */
  readonly index: Int32Array;
  /** Number of groups. */
  readonly count: number;
  /** The mask's own id of each group, ascending (group g had id `ids[g]` in the mask). */
  readonly ids: readonly number[];
}

/** The option names of `FeatureMaskOptions`. */
export const FEATURE_MASK_OPTION_NAMES: OptionNames<FeatureMaskOptions> = {
  featureMask: true,
  segmentation: true,
  segments: true,
  compactness: true,
  iterations: true,
};

/** Options that pick the features a group method works on. */
export interface FeatureMaskOptions extends SuperpixelOptions {
  /**
   * Integer feature id per input element; equal ids are one feature. Shape: one example's shape, that
   * shape with a last axis of 1 (shared across channels), or either with the batch dimension in front (a
   * mask per example). Default: superpixels on images `[H, W, C]` (see `segmentation`), else every element
   * its own feature. For a model with several inputs: one mask per input (an array in input order or a record
   * by input name); equal ids across inputs are one feature.
   */
  featureMask?: tf.Tensor | PerInputValue<tf.Tensor>;
}

function groupsOf(raw: ArrayLike<number>, channelsToRepeat: number): FeatureGroups {
  const ids = [...new Set(Array.from(raw))].sort((a, b) => a - b);
  const lookup = new Map(ids.map((id, g) => [id, g]));
  const index = new Int32Array(raw.length * channelsToRepeat);
  for (let p = 0; p < raw.length; p++)
    index.fill(lookup.get(raw[p]) as number, p * channelsToRepeat, (p + 1) * channelsToRepeat);
  return { index, count: ids.length, ids };
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * The default groups of a packed input of a model with several inputs: each input's own default
 * (superpixels on images, else every element), ids offset so that no two inputs share a group.
 */
async function perInputGroups(
  model: ExplainableModel,
  xBatched: tf.Tensor,
  options: FeatureMaskOptions,
): Promise<FeatureGroups[]> {
  const parts = model.unpackInputs(xBatched);
  try {
    const each: FeatureGroups[][] = [];
    for (const part of parts) {
      const values = part.dtype === 'float32' ? part : tf.cast(part, 'float32');
      try {
        each.push(await featureGroups(values, options));
      } finally {
        if (values !== part) values.dispose();
      }
    }
    return each[0].map((_, e) => {
      let offset = 0;
      const index = new Int32Array(each.reduce((a, g) => a + g[e].index.length, 0));
      let at = 0;
      for (const groups of each) {
        const g = groups[e];
        for (let p = 0; p < g.index.length; p++) index[at + p] = g.index[p] + offset;
        at += g.index.length;
        offset += g.count;
      }
      return { index, count: offset, ids: Array.from({ length: offset }, (_, k) => k) };
    });
  } finally {
    tf.dispose(parts);
  }
}

/**
 * The feature groups of every example of a batched input `[N, ...dims]`. Throws `OptionError` when the
 * mask's shape does not fit the input or its values are not integers. Reads tensors asynchronously, so a
 * WebGPU backend (no synchronous reads of GPU tensors) works. With `model` of several inputs and no mask,
 * each input gets its own default groups (a mask given per input is packed like the input, and equal ids
 * across inputs are one feature, as in Captum).
 */
export async function featureGroups(
  xBatched: tf.Tensor,
  options: FeatureMaskOptions,
  model?: ExplainableModel,
): Promise<FeatureGroups[]> {
  if (!options.featureMask && model && model.inputs.length > 1)
    return perInputGroups(model, xBatched, options);
  const [n, ...dims] = xBatched.shape;
  const size = dims.reduce((a, b) => a * b, 1);
  const mask = options.featureMask;
  if (options.segments !== undefined) checkCount(options.segments, 'segments', MAX_SEGMENTS);
  if (!mask) {
    if (dims.length !== 3)
      return new Array(n).fill(
        groupsOf(
          Int32Array.from({ length: size }, (_, i) => i),
          1,
        ),
      );
    const [h, w, c] = dims;
    const data = await xBatched.data();
    return Array.from({ length: n }, (_, i) =>
      groupsOf(segmentImage(data.subarray(i * size, (i + 1) * size), h, w, c, options), c),
    );
  }
  if (!(mask instanceof tf.Tensor)) {
    throw new OptionError(
      'featureMask is given per input, but this model has one input; pass one integer tensor as the mask.',
    );
  }
  if (mask.isDisposed) throw new OptionError('featureMask has been disposed; pass a live tensor.');
  const shared = dims.length >= 2 ? [...dims.slice(0, -1), 1] : null;
  const perExample = mask.rank === dims.length + 1;
  const own = perExample ? mask.shape.slice(1) : mask.shape;
  const fits =
    (sameDims(own, dims) || (shared !== null && sameDims(own, shared))) &&
    (!perExample || mask.shape[0] === n);
  if (!fits) {
    throw new OptionError(
      `featureMask has shape [${mask.shape.join(', ')}]; for an input [${xBatched.shape.join(', ')}] it must be [${dims.join(', ')}]${shared ? ` or [${shared.join(', ')}]` : ''}, optionally with the batch size ${n} in front.`,
    );
  }
  const values = await mask.data();
  for (let i = 0; i < values.length; i++) {
    if (!Number.isInteger(values[i])) {
      throw new OptionError(
        `featureMask must hold integer feature ids; found ${values[i]} at element ${i}. Round it, or build it with an int32 tensor.`,
      );
    }
  }
  const repeat = sameDims(own, dims) ? 1 : dims[dims.length - 1];
  const per = values.length / (perExample ? n : 1);
  return Array.from({ length: n }, (_, i) =>
    groupsOf(values.subarray(perExample ? i * per : 0, perExample ? (i + 1) * per : per), repeat),
  );
}
