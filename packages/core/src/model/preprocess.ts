import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../errors.js';
import type { ModelInputShape } from '../input.js';
import type { Preprocess, PreprocessPreset } from './types.js';

const PRESETS: Record<PreprocessPreset, Preprocess> = {
  imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  '[-1,1]': { mean: 0.5, std: 0.5 },
  '[0,255]': { std: 1 / 255 },
};

/** A preset's mean/std, checked against the model's channels. */
export function resolvePreprocess(
  p: Preprocess | PreprocessPreset | undefined,
  inputShape: ModelInputShape | null,
): Preprocess | undefined {
  if (typeof p !== 'string') return p;
  const preset = PRESETS[p];
  if (!preset) {
    throw new OptionError(
      `Unknown preprocess preset "${String(p)}"; use 'imagenet', '[-1,1]' or '[0,255]', or { mean, std, resize }.`,
    );
  }
  const channels = inputShape?.[inputShape.length - 1];
  if (p === 'imagenet' && channels !== 3 && channels !== null && channels !== undefined) {
    throw new OptionError(
      `The 'imagenet' preset normalises 3 RGB channels; this model's input has ${channels} channel(s) (shape [${inputShape?.map((d) => d ?? 'N').join(', ')}]). Use '[-1,1]', '[0,255]' or an explicit { mean, std }.`,
    );
  }
  return preset;
}

/** Builds the differentiable preprocessing function (identity when nothing is asked). */
export function makePreprocess(p: Preprocess | undefined): ((x: tf.Tensor) => tf.Tensor) | null {
  if (!p || (p.resize === undefined && p.mean === undefined && p.std === undefined)) return null;
  const stds = p.std === undefined ? [] : typeof p.std === 'number' ? [p.std] : [...p.std];
  if (stds.some((s) => !(s > 0)))
    throw new OptionError(`preprocess.std must be positive; got [${stds.join(', ')}].`);
  if (p.resize && (p.resize.length !== 2 || p.resize.some((d) => !Number.isInteger(d) || d < 1))) {
    throw new OptionError(
      `preprocess.resize must be [height, width] in whole pixels; got [${p.resize.join(', ')}].`,
    );
  }
  return (x) =>
    tf.tidy(() => {
      let y = x;
      if (p.resize) y = tf.image.resizeBilinear(y as tf.Tensor4D, [p.resize[0], p.resize[1]]);
      if (p.mean !== undefined) y = tf.sub(y, typeof p.mean === 'number' ? p.mean : tf.tensor1d([...p.mean]));
      if (p.std !== undefined) y = tf.div(y, typeof p.std === 'number' ? p.std : tf.tensor1d([...p.std]));
      return y;
    });
}
