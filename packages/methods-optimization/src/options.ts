import type { ExplainableModel, ModelLike, RunControl } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { DensityPrior } from './density/types.js';
import type { Objective } from './objective.js';
import type { ParameterizationKind } from './parameterization.js';
import type { RangeMapping } from './value-range.js';

/**
 * The three regimes of activation maximisation:
 * - `'score-only'`: the objective alone (optionally with L2 decay) — the adversarial-noise baseline;
 * - `'expert-prior'`: objective + λ·log p(x) with hand-made and fitted image priors;
 * - `'code-space'`: optimise the code z of a generator, x = g(z), with a Gaussian prior on z.
 */
export type Preset = 'score-only' | 'expert-prior' | 'code-space';

/** Periodic Gaussian blur (Yosinski et al. 2015): every `every` steps, blur the image by `sigma` pixels. */
export interface BlurPrior {
  sigma: number;
  every: number;
}

/** Total variation V^β with weight λ (Mahendran & Vedaldi 2016). */
export interface TotalVariationPrior {
  weight: number;
  /** Exponent β. Default 2. */
  beta?: number;
}

/** A fitted density p(x) (see `fitDensityPrior`) and its weight λ in objective + λ·log p(x). */
export interface DensityPriorTerm {
  model: DensityPrior;
  weight: number;
}

/**
 * The prior p(x) of the objective + λ·log p(x) regime; each entry overrides the preset's. Weights are
 * per image; penalties are means over pixels so a weight carries over between image sizes.
 */
export interface PriorOptions {
  /** Weight of the mean squared distance from the range's centre (L2 decay). */
  l2?: number;
  /** Weight of total variation (or `{ weight, beta }`). */
  tv?: number | TotalVariationPrior;
  /** Periodic Gaussian blur, or null for none. */
  blur?: BlurPrior | null;
  /** Transformation robustness: largest shift in pixels. */
  jitter?: number;
  /** Transformation robustness: largest relative zoom (0.1 → factors in [0.9, 1.1]). */
  scale?: number;
  /** Transformation robustness: largest rotation in degrees. */
  rotate?: number;
  /** A density fitted on data, or null for none. */
  density?: DensityPriorTerm | null;
  /** Code space: weight of the standard-normal log prior ½‖z‖² on the code (1 = the exact log prior). */
  latent?: number;
}

/** A generator g(z) for the code-space regime; its output must have the explained model's input shape. */
export interface GeneratorOptions {
  model: ModelLike | ExplainableModel;
  /** Length of the code z. */
  latentDim: number;
}

/** The current state, handed to `onStep` or yielded by `activationMaximizationFrames`. */
export interface Frame {
  /** Steps done so far (1-based). */
  step: number;
  /** Steps in the run. */
  steps: number;
  /** The current images `[N, ...]`. Borrowed: valid until the callback returns or the next frame is requested; clone to keep. */
  image: tf.Tensor;
  /** Mean objective over the batch at this step's forward pass. */
  objective: number;
}

/** Options of `activationMaximization`. Every setting not given comes from the preset. */
export interface ActivationMaximizationOptions extends RunControl {
  /** What to maximise (e.g. `classLogit(7)`, `channel('conv2', 3)`). */
  objective: Objective;
  /** Default `'score-only'`. */
  preset?: Preset;
  /** Optimisation steps (positive integer). Default 128. */
  steps?: number;
  /** Adam's learning rate, in parameter units per step. Default: the preset's (0.1; 0.2 in code space). */
  learningRate?: number;
  /** Images optimised together (useful with `diversity`). Default 1. */
  batch?: number;
  /** `'pixel'` (default) or `'fourier'` (decorrelated, for RGB models). Not used in code space. */
  parameterization?: ParameterizationKind;
  /** How values are kept in the input range: `'clip'` (default for pixels) or `'sigmoid'` (default for Fourier). */
  range?: RangeMapping;
  /** The valid input range. Default: the wrapped model's `inputRange` (none: values are unconstrained). */
  inputRange?: readonly [number, number];
  /** Fourier only: decorrelate colour channels (3-channel images). Default true. */
  decorrelate?: boolean;
  /** Prior terms, each overriding the preset's. */
  prior?: PriorOptions;
  /** The generator of the code-space regime (required there). */
  generator?: GeneratorOptions;
  /** Seed of the start and of the random transformations. Default 0. */
  seed?: number;
  /** Emit a frame every `every` steps (0: none). Default 1 when `onStep` is given, else 0. */
  every?: number;
  /** Receives a frame every `every` steps; awaited before the next step. */
  onStep?: (frame: Frame) => void | Promise<void>;
}

/** The outcome of a run. The caller owns the tensors. */
export interface ActivationMaximizationResult {
  /** The final images `[N, ...]` (exactly g(latent) in code space). */
  image: tf.Tensor;
  /** Code space: the final codes `[N, latentDim]`. */
  latent?: tf.Tensor2D;
  /** The mean objective over the batch at each step's forward pass (read back once, at the end). */
  history: Float32Array;
}
