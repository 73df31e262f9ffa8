import {
  type Attribution,
  checkCount,
  type ExplainableModel,
  forEachBatchInOrder,
  InputShapeError,
  type ModelInput,
  type ModelLike,
  OptionError,
  type OptionNames,
  rejectUnknownOptions,
  SeededRandom,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Fill, makeBaseline } from './fill.js';
import { MAX_GRID_SIZE, MAX_MASKS } from './limits.js';
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
} from './prepare.js';
import { type RiseMaskPlan, riseMasks } from './rise-masks.js';

/** Options of {@link rise}. */
export interface RiseOptions extends PerturbationOptions {
  /** Number of random masks per example (default 2000). */
  masks?: number;
  /** Grid cells per image side, s in the paper (default 7); a cell covers ⌈H/s⌉ × ⌈W/s⌉ pixels. */
  gridSize?: number;
  /** Probability that a cell is kept (default 0.5). */
  p?: number;
  /** What masked-out pixels become (default 0). */
  fill?: Fill;
  /** Standard deviation in pixels of `fill: 'blur'` (default 3). */
  blurSigma?: number;
  /** Seed of the masks (default 0); every example uses the same masks. */
  seed?: number;
}

const RISE_OPTION_NAMES: OptionNames<RiseOptions> = {
  ...PERTURBATION_OPTION_NAMES,
  masks: true,
  gridSize: true,
  p: true,
  fill: true,
  blurSigma: true,
  seed: true,
};

async function riseExample(
  call: PreparedCall,
  i: number,
  baseline: tf.Tensor,
  plan: RiseMaskPlan,
  count: number,
  options: RiseOptions,
): Promise<tf.Tensor> {
  const { height, width } = plan;
  const channels = call.exampleShape[2];
  const x = exampleAt(call, i);
  const b = tf.slice(baseline, i, 1);
  const delta = tf.sub(x, b);
  const rng = new SeededRandom(options.seed ?? 0);
  let sum: tf.Tensor = tf.zeros([1, height * width]);
  try {
    await forEachBatchInOrder<{ mask: tf.Tensor; scores: tf.Tensor1D }>(
      count,
      call.batchSize,
      // The masks are drawn when a batch starts, in batch order: the same masks with or without a pool.
      (start, end) => scoreMasked(call, i, b, delta, riseMasks(plan, end - start, rng), options.signal),
      ({ mask: masks, scores }, start, end) => {
        const next = tf.tidy(() =>
          tf.add(
            sum,
            tf.matMul(tf.reshape(scores, [1, end - start]), tf.reshape(masks, [end - start, height * width])),
          ),
        );
        tf.dispose([masks, scores, sum]);
        sum = next;
      },
      {
        signal: options.signal,
        phase: 'rise',
        onProgress: offsetProgress(options, i * count, call.input.batched.shape[0] * count),
        concurrency: call.pool ? 2 * call.pool.size : 1,
        release: ({ mask, scores }) => tf.dispose([mask, scores]),
      },
    );
    return tf.tidy(() =>
      tf.tile(tf.reshape(tf.div(sum, count * plan.p), [1, height, width, 1]), [1, 1, 1, channels]),
    );
  } finally {
    tf.dispose([x, b, delta, sum]);
  }
}

async function risePacked(
  model: ModelLike | ExplainableModel,
  x: tf.Tensor,
  options: RiseOptions,
): Promise<Attribution> {
  rejectUnknownOptions('rise', options, Object.keys(RISE_OPTION_NAMES));
  const count = options.masks ?? 2000;
  const gridSize = options.gridSize ?? 7;
  const p = options.p ?? 0.5;
  checkCount(count, 'masks', MAX_MASKS);
  checkCount(gridSize, 'gridSize', MAX_GRID_SIZE);
  if (!(p > 0 && p <= 1)) throw new OptionError(`p (the keep probability) must be in (0, 1]; got ${p}.`);
  const call = await prepareCall(model, x, options);
  const parts: tf.Tensor[] = [];
  let baseline: tf.Tensor | null = null;
  try {
    if (call.exampleShape.length !== 3) {
      throw new InputShapeError(
        `RISE needs images [H, W, C] (or [N, H, W, C]); got examples of shape [${call.exampleShape.join(', ')}]. Use occlusion or kernelShap for other inputs.`,
      );
    }
    const [height, width] = call.exampleShape;
    if (gridSize > Math.min(height, width)) {
      throw new OptionError(
        `gridSize ${gridSize} is larger than the image (${height}×${width}); use at most ${Math.min(height, width)} cells per side.`,
      );
    }
    const plan: RiseMaskPlan = {
      height,
      width,
      gridSize,
      cell: [Math.ceil(height / gridSize), Math.ceil(width / gridSize)],
      p,
    };
    baseline = makeBaseline(options.fill ?? 0, call.input.batched, options.blurSigma ?? 3, call.model);
    for (let i = 0; i < call.input.batched.shape[0]; i++)
      parts.push(await riseExample(call, i, baseline, plan, count, options));
    const values = tf.concat(parts, 0);
    return finishAttribution(call, 'rise', values, {
      masks: count,
      gridSize,
      p,
      forwardPasses: count * parts.length,
    });
  } finally {
    tf.dispose(parts);
    baseline?.dispose();
    call.release();
  }
}

/**
 * RISE (Petsiuk, Das & Saenko 2018, "RISE: Randomized Input Sampling for Explanation of Black-box Models"):
 * the saliency of a pixel is the mean over random masks M of f(x ⊙ M)·M(pixel), divided by the keep
 * probability p: 1/(N·p) Σ f(x ⊙ M_k) M_k. Masks are smooth (upsampled coarse grids with random shifts);
 * masked-out pixels take `fill`. Units: the target score's. Images `[H, W, C]` only; the map is the same on
 * every channel. Seeded; masks are scored in batches of `batchSize`.
 * For a model with several inputs it runs on each input in turn, the others held at the example's values
 * (as Captum does for a tuple of inputs; `fill` may be given per input).
 */
export async function rise(
  model: ModelLike | ExplainableModel,
  x: ModelInput,
  options: RiseOptions = {},
): Promise<Attribution> {
  rejectUnknownOptions('rise', options, Object.keys(RISE_OPTION_NAMES));
  return onPackedInput(model, x, options, ['fill'], (m, packed, o) =>
    m.inputs.length > 1
      ? perInputRuns(m, packed, o, ['fill'], 'rise', (sub, xk, so) => risePacked(sub, xk, so))
      : risePacked(m, packed, o),
  );
}
