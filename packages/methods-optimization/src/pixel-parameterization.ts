import { gaussianBlur } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ImageShape, Parameterization } from './parameterization.js';
import {
  type RangeMapping,
  rangeCentre,
  rangeWidth,
  sigmoidToRange,
  type ValueRange,
} from './value-range.js';

/**
 * Pixels as the parameter. With `'clip'` the parameter is the image and is projected back into the range
 * after every step (projected gradient ascent); with `'sigmoid'` it is a logit squashed into the range.
 * Starts at the range's centre plus seeded noise of 1% of its width.
 */
export function pixelParameterization(
  shape: ImageShape,
  range: ValueRange,
  mapping: RangeMapping,
): Parameterization {
  const useSigmoid = mapping === 'sigmoid' && range !== null;
  return {
    init(seed) {
      return tf.tidy(() => {
        const noise = tf.randomNormal([...shape], 0, 0.01, 'float32', seed);
        return useSigmoid ? tf.mul(noise, 4) : tf.add(tf.mul(noise, rangeWidth(range)), rangeCentre(range));
      });
    },
    decode(p) {
      if (useSigmoid && range) return sigmoidToRange(p, range) as tf.Tensor4D;
      return p as tf.Tensor4D;
    },
    project(p) {
      if (useSigmoid || !range) return p.clone();
      return tf.clipByValue(p, range[0], range[1]);
    },
    blur(p, sigma) {
      return gaussianBlur(p as tf.Tensor4D, sigma);
    },
    dispose() {},
  };
}
