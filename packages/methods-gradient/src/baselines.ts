import {
  assertFiniteAsync,
  type ExplainableModel,
  gaussianBlur,
  inputLabel,
  mapInputs,
  OptionError,
  type PerInputValue,
  SeededRandom,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { requireImages } from './require-images.js';

/**
 * A named baseline, one tensor, or several tensors whose attributions are averaged. For a model with several
 * inputs: a name (taken on each input), one value per input (`PerInputValue`: an array in input order or a
 * record by input name), or a list of those (averaged).
 */
export type BaselineOption =
  | 'zeros'
  | 'uniform'
  | 'blur'
  | 'mean'
  | tf.Tensor
  | readonly tf.Tensor[]
  | PerInputValue
  | readonly PerInputValue[];

/** The named baselines. */
export const NAMED_BASELINES = ['zeros', 'uniform', 'blur', 'mean'] as const;

/** What a named baseline needs besides the input. */
export interface BaselineContext {
  /** The model's input range, when known (uniform baselines are drawn in it). */
  inputRange: readonly [number, number] | null;
  seed: number;
  /** σ in pixels of the 'blur' baseline. */
  blurSigma: number;
  /** The model: for several inputs, 'blur' and 'mean' are taken per input (the input is packed). */
  model?: ExplainableModel;
}

/** A shape as `[a, b, c]` for error messages. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** True when two shapes have the same rank and dimensions. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A caller's baseline tensor as `[N, ...]`: one example's shape (shared) or the batch's shape. */
function fromTensor(t: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const example = x.shape.slice(1);
  if (!(t instanceof tf.Tensor) || t.isDisposed)
    throw new OptionError('A baseline must be a live tf.Tensor (or a named baseline).');
  if (sameShape(t.shape, example))
    return tf.tidy(() => tf.broadcastTo(tf.expandDims(tf.cast(t, 'float32'), 0), x.shape));
  if (sameShape(t.shape, x.shape)) return tf.cast(t, 'float32');
  throw new OptionError(
    `The baseline has shape ${shapeText(t.shape)}; it must have one example's shape ${shapeText(example)} or the batch's shape ${shapeText(x.shape)}.`,
  );
}

/** Per-example [min, max] of the values (used when the model has no input range). */
async function perExampleRange(x: tf.Tensor): Promise<[number, number][]> {
  const [lo, hi] = tf.tidy(() => {
    const flat = tf.reshape(x, [x.shape[0], -1]);
    return [tf.min(flat, 1), tf.max(flat, 1)];
  });
  const l = (await lo.data()) as Float32Array;
  const h = (await hi.data()) as Float32Array;
  tf.dispose([lo, hi]);
  return Array.from(l, (v, i): [number, number] => [v, h[i]]);
}

/**
 * Per-example sampling ranges: the model's `inputRange` when set, else each example's own [min, max].
 */
export async function samplingRanges(
  x: tf.Tensor,
  inputRange: readonly [number, number] | null,
): Promise<[number, number][]> {
  if (inputRange) return new Array(x.shape[0]).fill(0).map(() => [inputRange[0], inputRange[1]]);
  return perExampleRange(x);
}

/** A structural baseline ('blur', 'mean') of a packed input: taken on each input in its own shape. */
function perInput(name: string, x: tf.Tensor, model: ExplainableModel, ctx: BaselineContext): tf.Tensor {
  return mapInputs(model, x, (p, k) => {
    if (name === 'mean') return meanBaseline(p);
    requireImages(p, `The 'blur' baseline (${inputLabel(model, k)})`);
    return gaussianBlur(p, ctx.blurSigma);
  });
}

/** Images: each example's per-channel mean everywhere; other inputs: each example's mean value. */
function meanBaseline(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const axes = x.rank >= 3 ? Array.from({ length: x.rank - 2 }, (_, i) => i + 1) : [1];
    return tf.broadcastTo(tf.mean(x, axes, true), x.shape);
  });
}

async function named(name: string, x: tf.Tensor, ctx: BaselineContext): Promise<tf.Tensor> {
  if ((name === 'blur' || name === 'mean') && ctx.model && ctx.model.inputs.length > 1)
    return perInput(name, x, ctx.model, ctx);
  switch (name) {
    case 'zeros':
      return tf.zerosLike(x);
    case 'uniform': {
      const rng = new SeededRandom(ctx.seed);
      const per = x.size / x.shape[0];
      const data = new Float32Array(x.size);
      const ranges = await samplingRanges(x, ctx.inputRange);
      for (const [e, [lo, hi]] of ranges.entries()) data.set(rng.uniforms(per, lo, hi), e * per);
      return tf.tensor(data, x.shape, 'float32');
    }
    case 'blur':
      requireImages(x, "The 'blur' baseline");
      return gaussianBlur(x, ctx.blurSigma);
    case 'mean':
      return meanBaseline(x);
    default:
      throw new OptionError(
        `Unknown baseline '${name}'; use ${NAMED_BASELINES.map((b) => `'${b}'`).join(', ')}, a tensor, or an array of tensors.`,
      );
  }
}

/**
 * Resolves a baseline option for the batched input `x` into one or more `[N, ...]` tensors (the caller
 * owns them). Throws `OptionError` for a wrong shape, an unknown name or an empty list, and
 * `InputValueError` for a baseline tensor holding NaN or ±Infinity (checked asynchronously, so on WebGPU
 * too).
 */
export async function resolveBaselines(
  option: BaselineOption | undefined,
  x: tf.Tensor,
  ctx: BaselineContext,
): Promise<tf.Tensor[]> {
  const list = option === undefined ? ['zeros'] : Array.isArray(option) ? option : [option];
  if (list.length === 0)
    throw new OptionError(
      'The baseline list is empty; give at least one baseline tensor, or a named baseline.',
    );
  const out: tf.Tensor[] = [];
  try {
    for (const b of list as readonly (string | tf.Tensor)[]) {
      if (typeof b === 'string') {
        out.push(await named(b, x, ctx));
        continue;
      }
      out.push(fromTensor(b, x));
      // A NaN baseline makes every path point NaN: the attribution would be NaN without a word.
      await assertFiniteAsync(b, 'baseline');
    }
    return out;
  } catch (err) {
    tf.dispose(out);
    throw err;
  }
}
