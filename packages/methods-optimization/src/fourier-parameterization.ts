import * as tf from '@tensorflow/tfjs-core';
import { fourierBasis, synthesize } from './fourier-basis.js';
import type { ImageShape, Parameterization } from './parameterization.js';
import {
  clipStraightThrough,
  type RangeMapping,
  rangeCentre,
  rangeWidth,
  sigmoidToRange,
  type ValueRange,
} from './value-range.js';

/**
 * Square root of the colour covariance of natural images (ImageNet), from the Lucid feature-visualisation
 * work behind Olah et al. 2017; mixing decorrelated channels through it gives RGB with natural colour
 * statistics. Columns are normalised by the largest column norm.
 */
const COLOUR_CORRELATION_SQRT = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03],
];

function colourMixing(): tf.Tensor2D {
  const columnNorms = [0, 1, 2].map((j) => Math.hypot(...COLOUR_CORRELATION_SQRT.map((row) => row[j])));
  const maxNorm = Math.max(...columnNorms);
  // rgb = decorrelated · Mᵀ
  const transposed = [0, 1, 2].map((j) => COLOUR_CORRELATION_SQRT.map((row) => row[j] / maxNorm));
  return tf.tensor2d(transposed);
}

/** Options of {@link fourierParameterization}. */
export interface FourierOptions {
  /** Mix channels through the natural-image colour correlation (3-channel images only). Default true. */
  decorrelate: boolean;
  /** Exponent of the 1/f^p spectrum scaling; 1 whitens natural-image spectra. Default 1. */
  decay: number;
}

/**
 * The image as a 2-D Fourier spectrum scaled by 1/f (Olah et al. 2017, "Feature Visualization"): steps in
 * this space change all frequencies at equal rate relative to natural images, so the optimiser no longer
 * prefers the high-frequency patterns a pixel-space gradient is full of. For 3-channel images the channels
 * are also decorrelated. The result goes into the range through a sigmoid or a straight-through clip.
 * Parameter shape `[2, N·C, H, ⌊W/2⌋ + 1]` (cosine and sine coefficients).
 */
export function fourierParameterization(
  shape: ImageShape,
  range: ValueRange,
  mapping: RangeMapping,
  options: FourierOptions,
): Parameterization {
  const [n, h, w, c] = shape;
  const basis = fourierBasis(h, w);
  const floor = 1 / Math.max(h, w);
  const scaleValues = Float32Array.from(
    basis.frequency,
    (f) => 1 / (Math.max(f, floor) ** options.decay * Math.sqrt(h * w)),
  );
  const scale = tf.tensor2d(scaleValues, [h, basis.columns]);
  const mixing = options.decorrelate && c === 3 ? colourMixing() : null;
  const frequencySquared = Float32Array.from(basis.frequency, (f) => f * f);
  const paramShape = [2, n * c, h, basis.columns];

  return {
    init(seed) {
      return tf.randomNormal(paramShape, 0, 0.01, 'float32', seed);
    },
    decode(p) {
      return tf.tidy(() => {
        const scaled = tf.mul(p, scale);
        const [a, b] = tf.unstack(scaled, 0) as [tf.Tensor3D, tf.Tensor3D];
        const planes = synthesize(basis, a, b); // [N·C, H, W]
        let image = tf.transpose(tf.reshape(planes, [n, c, h, w]), [0, 2, 3, 1]);
        if (mixing) image = tf.reshape(tf.matMul(tf.reshape(image, [-1, 3]), mixing), [n, h, w, 3]);
        if (!range) return image as tf.Tensor4D;
        if (mapping === 'sigmoid') return sigmoidToRange(image, range) as tf.Tensor4D;
        return clipStraightThrough(
          tf.add(tf.mul(image, rangeWidth(range)), rangeCentre(range)),
          range[0],
          range[1],
        ) as tf.Tensor4D;
      });
    },
    project(p) {
      return p.clone();
    },
    blur(p, sigma) {
      // A circular Gaussian blur multiplies each frequency by exp(−2π²σ²f²).
      return tf.tidy(() => {
        const gain = tf.exp(
          tf.mul(tf.tensor2d(frequencySquared, [h, basis.columns]), -2 * Math.PI * Math.PI * sigma * sigma),
        );
        return tf.mul(p, gain);
      });
    },
    dispose() {
      basis.left.dispose();
      basis.right.dispose();
      scale.dispose();
      mixing?.dispose();
    },
  };
}
