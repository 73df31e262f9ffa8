import type * as tf from '@tensorflow/tfjs-core';

/** How images are represented while they are optimised. */
export type ParameterizationKind = 'pixel' | 'fourier';

/**
 * Maps the optimised tensor to images. The parameter is a plain tensor owned by the optimisation loop;
 * every method returns a new tensor and leaves its argument alone.
 */
export interface Parameterization {
  /** The starting parameter, seeded. */
  init(seed: number): tf.Tensor;
  /** Images `[N, H, W, C]` inside the value range; differentiable in the parameter. */
  decode(parameter: tf.Tensor): tf.Tensor4D;
  /** Puts a parameter back into its feasible set after an update (identity where there is none). */
  project(parameter: tf.Tensor): tf.Tensor;
  /** The parameter of the image blurred by a Gaussian of `sigma` pixels. */
  blur(parameter: tf.Tensor, sigma: number): tf.Tensor;
  /** Frees the constants it built (bases, scales). */
  dispose(): void;
}

/** `[N, H, W, C]` of the images being optimised. */
export type ImageShape = readonly [number, number, number, number];
