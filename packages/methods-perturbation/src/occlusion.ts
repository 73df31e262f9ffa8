import {
  type Attribution,
  type ExplainableModel,
  forEachBatchInOrder,
  type ModelInput,
  type ModelLike,
  type OptionNames,
  rejectUnknownOptions,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Fill, makeBaseline } from './fill.js';
import {
  coverPerAxis,
  expandPerAxis,
  layoutWindows,
  type WindowLayout,
  windowStart,
} from './occlusion-windows.js';
import { onPackedInput } from './packed-input.js';
import { perInputRuns } from './per-input-runs.js';
import {
  exampleAt,
  finishAttribution,
  offsetProgress,
  PERTURBATION_OPTION_NAMES,
  type PerturbationOptions,
  type PreparedCall,
  prepareCall,
  scoreMasked,
  targetScores,
} from './prepare.js';

/** Options of {@link occlusion}. */
export interface OcclusionOptions extends PerturbationOptions {
  /**
   * Window extent per axis of one example, channels included (e.g. `[4, 4, 1]` occludes one channel of a
   * 4×4 patch). A number is used on every axis but the last, which is taken whole. Default 4 (clamped to
   * the input).
   */
  window?: number | readonly number[] | Readonly<Record<string, number | readonly number[]>>;
  /** Step between windows, per axis like `window`. Default 2 (clamped to the input). */
  stride?: number | readonly number[] | Readonly<Record<string, number | readonly number[]>>;
  /** What fills the window (default 0). See `Fill`. */
  fill?: Fill;
  /** Standard deviation in pixels of `fill: 'blur'` (default 3). */
  blurSigma?: number;
  /**
   * Shrink a window larger than the input to the input (and a stride larger than the window to the
   * window), with a warning in `meta.warnings`, instead of throwing. Default false; the plugin sets it so
   * that one default window fits every input.
   */
  fitWindow?: boolean;
}

const OCCLUSION_OPTION_NAMES: OptionNames<OcclusionOptions> = {
  ...PERTURBATION_OPTION_NAMES,
  window: true,
  stride: true,
  fill: true,
  blurSigma: true,
  fitWindow: true,
};

/** Shrinks the window to the input and the stride to the window, saying what changed. */
function fitToInput(dims: readonly number[], window: number[], stride: number[], warnings: string[]): void {
  const before = `window [${window.join(', ')}], stride [${stride.join(', ')}]`;
  dims.forEach((d, i) => {
    window[i] = Math.min(window[i], d);
    if (window[i] < d) stride[i] = Math.min(stride[i], window[i]);
  });
  const after = `window [${window.join(', ')}], stride [${stride.join(', ')}]`;
  if (after !== before)
    warnings.push(`Occlusion ${before} did not fit the input [${dims.join(', ')}]; used ${after}.`);
}

/** Indicator `[B, dims[axis]]` of the windows `start..end` along one axis. */
function axisIndicators(
  layout: WindowLayout,
  dims: readonly number[],
  axis: number,
  start: number,
  end: number,
): tf.Tensor2D {
  const n = dims[axis];
  const data = new Float32Array((end - start) * n);
  for (let k = start; k < end; k++) {
    const from = windowStart(layout, k)[axis];
    const to = Math.min(n, from + layout.window[axis]);
    data.fill(1, (k - start) * n + from, (k - start) * n + to);
  }
  return tf.tensor2d(data, [end - start, n]);
}

/** Masks `[B, ...dims]` of windows `start..end`: the outer product of the per-axis indicators. */
function windowMasks(layout: WindowLayout, dims: readonly number[], start: number, end: number): tf.Tensor {
  return tf.tidy(() => {
    let mask: tf.Tensor | null = null;
    for (let axis = 0; axis < dims.length; axis++) {
      const shape = dims.map((d, i) => (i === axis ? d : 1));
      const part = tf.reshape(axisIndicators(layout, dims, axis, start, end), [end - start, ...shape]);
      mask = mask ? tf.mul(mask, part) : part;
    }
    return mask as tf.Tensor;
  });
}

/** Per element, how many windows cover it, `[size]`. */
function coverCounts(layout: WindowLayout, dims: readonly number[]): tf.Tensor1D {
  return tf.tidy(() => {
    let counts: tf.Tensor | null = null;
    for (let axis = 0; axis < dims.length; axis++) {
      const shape = dims.map((d, i) => (i === axis ? d : 1));
      const part = tf.reshape(tf.tensor1d(coverPerAxis(layout, dims, axis)), shape);
      counts = counts ? tf.mul(counts, part) : part;
    }
    return tf.reshape(counts as tf.Tensor, [-1]) as tf.Tensor1D;
  });
}

async function occludeExample(
  call: PreparedCall,
  i: number,
  baseline: tf.Tensor,
  layout: WindowLayout,
  counts: tf.Tensor1D,
  options: OcclusionOptions,
  done: number,
  total: number,
): Promise<tf.Tensor> {
  const dims = call.exampleShape;
  const x = exampleAt(call, i);
  const b = tf.slice(baseline, i, 1);
  const delta = tf.sub(b, x);
  const full = targetScores(call, i, x);
  let sum: tf.Tensor = tf.zeros([1, call.exampleSize]);
  try {
    await forEachBatchInOrder<{ mask: tf.Tensor; scores: tf.Tensor1D }>(
      layout.count,
      call.batchSize,
      (start, end) => scoreMasked(call, i, x, delta, windowMasks(layout, dims, start, end), options.signal),
      ({ mask, scores }, start, end) => {
        const next = tf.tidy(() => {
          const drop = tf.sub(full, scores);
          const weighted = tf.matMul(
            tf.reshape(drop, [1, end - start]),
            tf.reshape(mask, [end - start, call.exampleSize]),
          );
          return tf.add(sum, weighted);
        });
        tf.dispose([mask, scores, sum]);
        sum = next;
      },
      {
        signal: options.signal,
        phase: 'occlusion',
        onProgress: offsetProgress(options, done, total),
        concurrency: call.pool ? 2 * call.pool.size : 1,
        release: ({ mask, scores }) => tf.dispose([mask, scores]),
      },
    );
    return tf.tidy(() => tf.reshape(tf.div(sum, counts), [1, ...dims]));
  } finally {
    tf.dispose([x, b, delta, full, sum]);
  }
}

async function occlusionPacked(
  model: ModelLike | ExplainableModel,
  x: tf.Tensor,
  options: OcclusionOptions,
): Promise<Attribution> {
  rejectUnknownOptions('occlusion', options, Object.keys(OCCLUSION_OPTION_NAMES));
  const call = await prepareCall(model, x, options);
  const parts: tf.Tensor[] = [];
  let baseline: tf.Tensor | null = null;
  let counts: tf.Tensor1D | null = null;
  try {
    const dims = call.exampleShape;
    const window = expandPerAxis(options.window, dims, 'window', 4);
    const stride = expandPerAxis(options.stride, dims, 'stride', 2);
    const warnings: string[] = [];
    if (options.fitWindow) fitToInput(dims, window, stride, warnings);
    const layout = layoutWindows(dims, window, stride);
    baseline = makeBaseline(options.fill ?? 0, call.input.batched, options.blurSigma ?? 3, call.model);
    counts = coverCounts(layout, dims);
    const n = call.input.batched.shape[0];
    for (let i = 0; i < n; i++) {
      parts.push(
        await occludeExample(call, i, baseline, layout, counts, options, i * layout.count, n * layout.count),
      );
    }
    const values = parts.length === 1 ? parts[0] : tf.concat(parts, 0);
    if (values !== parts[0]) tf.dispose(parts);
    parts.length = 0;
    return finishAttribution(call, 'occlusion', values, {
      window,
      stride,
      windows: layout.count,
      forwardPasses: n * (layout.count + 1),
      ...(warnings.length ? { warnings } : {}),
    });
  } finally {
    tf.dispose(parts);
    baseline?.dispose();
    counts?.dispose();
    call.release();
  }
}

/**
 * Occlusion (Zeiler & Fergus 2014, "Visualizing and Understanding Convolutional Networks"), as Captum
 * defines it: a window slides over each example (positions at multiples of `stride` along every axis,
 * channels included; windows at the far edge are cut to fit), is filled with `fill`, and each element's
 * attribution is the mean, over the windows covering it, of the drop in the target score
 * f(x) − f(x occluded). Units: the target score's. Windows are scored in batches of `batchSize`; only
 * forward passes are used, so any model works (function models, GraphModels). Throws `OptionError` for a
 * window larger than the input, a stride of 0 or a stride larger than the window.
 * For a model with several inputs it runs on each input in turn, the others held at the example's values
 * (as Captum does for a tuple of inputs; `fill` may be given per input).
 */
export async function occlusion(
  model: ModelLike | ExplainableModel,
  x: ModelInput,
  options: OcclusionOptions = {},
): Promise<Attribution> {
  rejectUnknownOptions('occlusion', options, Object.keys(OCCLUSION_OPTION_NAMES));
  return onPackedInput(model, x, options, ['fill'], (m, packed, o) =>
    m.inputs.length > 1
      ? perInputRuns(m, packed, o, ['fill'], 'occlusion', (sub, xk, so) => occlusionPacked(sub, xk, so))
      : occlusionPacked(m, packed, o),
  );
}
