import * as tf from '@tensorflow/tfjs';
import { OptionError } from '../errors.js';
import type { Preprocess } from './types.js';

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
