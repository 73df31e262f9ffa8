import type * as tfc from '@tensorflow/tfjs-converter';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { OpRules } from '../graph/apply-op.js';
import type { ExplanationGraph } from '../graph/types.js';
import type { ModelInputShape, NormalizedInput } from '../input.js';
import type { ResolvedTarget, Target } from '../target.js';
import type { ModelInput, ModelInputSpec } from './input-layout.js';

/** A model given as a function of a batched input. */
export type ModelFunction = (x: tf.Tensor) => tf.Tensor;

/** A model of several inputs given as a function of one batched tensor per input (`wrapModel` with `inputShapes`). */
export type MultiInputModelFunction = (xs: tf.Tensor[]) => tf.Tensor;

/** Anything `wrapModel` accepts. */
export type ModelLike = tfl.LayersModel | tfc.GraphModel | ModelFunction;

/** Which scores to explain: pre-softmax logits, softmax probabilities, or the model's output as is. */
export type OutputView = 'logits' | 'probabilities' | 'raw';

/** A layer (or graph node) as Loupe sees it. */
export interface LayerInfo {
  name: string;
  /** tfjs layer class (`Conv2D`) or graph op (`Conv2D` for GraphModels). */
  className: string;
  /** Output shape with `null` for free dimensions; empty when unknown (GraphModels). */
  outputShape: readonly (number | null)[];
  /** True for rank-4 NHWC outputs with a spatial extent (Grad-CAM candidates). */
  spatial: boolean;
}

/**
 * Named preprocessing for images given in [0, 1] (what `imageDataToTensor` and `tf.browser.fromPixels(x)/255`
 * give): `'imagenet'` subtracts ImageNet's channel means and divides by its standard deviations (RGB only),
 * `'[-1,1]'` maps to [−1, 1] (MobileNet-style models), `'[0,255]'` scales to bytes.
 */
export type PreprocessPreset = 'imagenet' | '[-1,1]' | '[0,255]';

/** Image preprocessing applied inside the model, so attributions are w.r.t. the caller's raw input. */
export interface Preprocess {
  /** Resize the image to [height, width] (bilinear) before the model. */
  resize?: readonly [number, number];
  /** Subtracted per channel (or one number for all). */
  mean?: number | readonly number[];
  /** Divided per channel after the mean (or one number for all). */
  std?: number | readonly number[];
}

/** Options of `wrapModel`. */
export interface WrapOptions {
  /** Default: `'logits'` when the last layer's activation is softmax, else `'raw'`. */
  output?: OutputView;
  /** Human names of the output classes. */
  classNames?: readonly string[];
  /** The range valid inputs lie in, e.g. [0, 1] (used by baselines, LRP's z^B rule, noise levels). */
  inputRange?: readonly [number, number];
  /**
   * Preprocessing the model expects, applied inside the explained function so attributions are w.r.t. the
   * caller's input: explicit resize/mean/std, or a preset (then the input is an image in [0, 1] and
   * `inputRange` defaults to [0, 1]).
   */
  preprocess?: Preprocess | PreprocessPreset;
  /**
   * Which output to explain when the model has several (or any inner node/layer as the output): a
   * GraphModel node name (`name` or `name:k`) or signature output key, or a LayersModel output layer name.
   * Default: the first output (a warning says so when there are several).
   */
  outputNode?: string;
  /** Fold BatchNorm into the preceding linear layer for explanation (default true). */
  foldBatchNorm?: boolean;
  /** Shape of one example, for function models (LayersModels and GraphModels know theirs). */
  inputShape?: readonly number[];
  /**
   * One example's shape per input: for a function model of several inputs (it is then called with an array
   * of tensors), or to fix free dimensions of a LayersModel/GraphModel with several inputs (the packed input
   * needs fixed sizes).
   */
  inputShapes?: readonly (readonly number[])[];
  /** Names of a function model's inputs (default `input_0`, `input_1`, …). */
  inputNames?: readonly string[];
}

/** Per-call options of a forward pass. */
export interface ForwardOptions {
  /** Op rules for this pass only (e.g. guided ReLU backward); never registered globally. */
  rules?: OpRules;
}

/** An input gradient and what it was taken of. */
export interface GradientResult {
  /** ∂score/∂x, the input's shape. */
  gradient: tf.Tensor;
  /** The explained score per example, `[N]`. */
  scores: tf.Tensor1D;
  target: ResolvedTarget;
}

/** A layer's activation and the gradient of the target score with respect to it. */
export interface LayerGradientResult {
  activation: tf.Tensor;
  gradient: tf.Tensor;
  scores: tf.Tensor1D;
  target: ResolvedTarget;
}

/**
 * A model ready to be explained (docs/architecture.md, `wrapModel`). Public calls take an input with or without a
 * batch dimension, validate it, and return tensors the caller owns. Methods that loop use the
 * `*Batched` calls, which skip validation and expect a batched input.
 */
export interface ExplainableModel {
  readonly kind: 'layers' | 'graph' | 'function';
  readonly source: ModelLike;
  /**
   * `[null, ...dims]`; dims may be null where free. Null when a function model gave no shape. For a model with
   * several inputs: the packed input `[null, D]` (see `inputs`).
   */
  readonly inputShape: ModelInputShape | null;
  /**
   * The model's inputs in order: name, shape, dtype (`'int32'` for token ids) and, for several inputs, where
   * each sits in the packed input `[N, D]` methods work on (one example's inputs flattened and concatenated).
   */
  readonly inputs: readonly ModelInputSpec[];
  /** Output shape with null batch; null when unknown (function models). */
  readonly outputShape: readonly (number | null)[] | null;
  readonly output: OutputView;
  readonly classNames: readonly string[] | null;
  readonly inputRange: readonly [number, number] | null;
  /**
   * The score above which a single-channel dense output (a sigmoid mask) counts as predicted, in this view:
   * 0 for logits, 0.5 for probabilities (and for a raw output that ends in its sigmoid). `{ region: 'predicted' }`
   * uses it.
   */
  readonly maskThreshold: number;
  /** The options it was wrapped with (presets resolved), e.g. to wrap the same model again in a worker. */
  readonly wrapOptions: Readonly<WrapOptions>;
  readonly layers: readonly LayerInfo[];
  /**
   * The op-level explanation graph (BatchNorm and constant affine ops folded) for LayersModels and
   * GraphModels alike; null for function models.
   */
  readonly graph: ExplanationGraph | null;
  /** The same graph without folding: every layer's (or converter node's) own output is a node. */
  readonly unfoldedGraph: ExplanationGraph | null;
  /** Notes from translating the model (ops that run outside the op table, which output was chosen). */
  readonly warnings: readonly string[];

  /** Scores in the chosen view. */
  predict(x: tf.Tensor): tf.Tensor;
  /** A layer's output. Throws `UnknownLayerError` listing the layers. */
  activations(x: tf.Tensor, layer: string): tf.Tensor;
  /** Gradient of the target score with respect to the input (no weight gradient is computed). */
  inputGradient(x: tf.Tensor, target?: Target): GradientResult;
  /** Gradient of the target score with respect to a layer's activation. */
  layerGradient(x: tf.Tensor, layer: string, target?: Target): LayerGradientResult;
  /**
   * The one tensor methods work on: a single-input model's tensor as is; for several inputs (an array in input
   * order or a name → tensor record) each input validated and the whole packed into `[N, D]` (`[D]` without a
   * batch). Throws `MissingInputError` for a missing or unknown input. The caller owns the result when it is
   * not `x` itself.
   */
  packInputs(x: ModelInput): tf.Tensor;
  /** One tensor per input from the tensor methods work on (`[x]` copied for a single-input model); caller owns them. */
  unpackInputs(x: tf.Tensor): tf.Tensor[];
  /** Validates and batches an input (typed errors for bad input). */
  normalize(x: tf.Tensor, checkFinite?: boolean): NormalizedInput;
  /**
   * Validates, batches and fixes the target with asynchronous reads only: what methods should call (works
   * where synchronous readback does not, e.g. WebGPU in Node). Dispose `input.batched` when
   * `!input.hadBatch`.
   */
  prepare(x: tf.Tensor, target?: Target): Promise<{ input: NormalizedInput; target: ResolvedTarget }>;
  /** Fixes the target for a validated batched input (synchronous readback for `'predicted'`). */
  resolveTarget(xBatched: tf.Tensor, target?: Target): ResolvedTarget;
  /** `resolveTarget` reading the predicted classes back asynchronously (works on WebGPU). */
  resolveTargetAsync(xBatched: tf.Tensor, target?: Target): Promise<ResolvedTarget>;
  /** Number of scores per example (classes), or null when unknown. */
  numOutputs(xBatched?: tf.Tensor): number | null;

  /** Differentiable forward pass on a batched input, in the chosen view; no validation. */
  forwardBatched(xBatched: tf.Tensor, options?: ForwardOptions): tf.Tensor;
  /** A layer's activation on a batched input; no validation. */
  activationBatched(xBatched: tf.Tensor, layer: string): tf.Tensor;
  /** Output (chosen view) with a layer's value replaced by `activation`; differentiable in it. */
  forwardFromLayerBatched(
    xBatched: tf.Tensor,
    layer: string,
    activation: tf.Tensor,
    options?: ForwardOptions,
  ): tf.Tensor;
  /** Resolves a layer name; throws `UnknownLayerError` listing the known ones. */
  layer(name: string): LayerInfo;

  /** Rebuilds folded weights after the model's weights changed (e.g. randomization tests). */
  refresh(): void;
  /** Frees what the wrapper created (folded weights); the source model is not disposed. */
  dispose(): void;
}
