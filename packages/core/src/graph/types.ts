import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * An elementwise activation as a graph node applies it (Keras names where Keras has one). `alpha` is the
 * negative slope (LeakyReLU) or ELU's α; `maxValue` caps a ReLU; `min`/`max` bound a clip (either may be
 * absent); `slopes` are PReLU's per-channel negative slopes.
 */
export interface ActivationSpec {
  name: string;
  alpha?: number;
  maxValue?: number;
  min?: number;
  max?: number;
  slopes?: tf.Tensor;
}

/** Shared shape of linear ops: a pre-activation (weights · input + bias) followed by `activation`. */
export interface LinearBase {
  bias: tf.Tensor1D | null;
  activation: ActivationSpec;
  /**
   * The kernel's adjoint (conv: flipped in space, in/out transposed; dense: transposed), made once by the
   * graph for backends that compute input gradients with forward kernels (backward-plan.ts). Used only
   * while `of` is still the op's kernel: an op copied with other weights falls back to making it per call.
   */
  adjoint?: { of: tf.Tensor; tensor: tf.Tensor };
}

/** Padding of a convolution or pooling window. */
export type WindowPadding = 'same' | 'valid';

/** The ops whose value is weights · input (+ bias), then an activation. */
export type LinearOp =
  | ({ kind: 'dense'; kernel: tf.Tensor2D } & LinearBase)
  | ({
      kind: 'conv';
      rank: 1 | 2;
      kernel: tf.Tensor;
      strides: number[];
      padding: WindowPadding | 'causal';
      dilations: number[];
    } & LinearBase)
  | ({
      kind: 'depthwise';
      kernel: tf.Tensor4D;
      strides: [number, number];
      padding: WindowPadding;
      dilations: [number, number];
    } & LinearBase)
  | ({
      kind: 'conv-transpose';
      /** `[kh, kw, outChannels, inChannels]`, as tfjs's conv2dTranspose takes it. */
      kernel: tf.Tensor4D;
      strides: [number, number];
      padding: WindowPadding;
      /** Output `[height, width, channels]` (the batch follows the input). */
      outputShape: [number, number, number];
    } & LinearBase);

/**
 * What a node computes, with weights as constant tensors (never differentiated). Methods that propagate
 * relevance (LRP, DeepLIFT) switch on `kind`:
 * - linear ops (`dense`, `conv`, `depthwise`, `conv-transpose`), `affine` (a constant scale and/or shift,
 *   e.g. BatchNorm exported as Mul/Add, BiasAdd) and `batchnorm`;
 * - ops linear with non-negative coefficients and no weights (`pool` avg, `global-pool` avg, `reduce`
 *   mean/sum, `resize` bilinear);
 * - `move`: data movement only (reshape, transpose, slice, pad, concat, tile, nearest resize …): each output
 *   element is a copy of one input element or a constant zero, so quantities flow back along its VJP;
 * - elementwise nonlinearities (`activation`), winner ops (`pool`/`global-pool`/`reduce` max and min),
 *   binary ops between two computed values (`merge`), matrix products of two computed values (`matmul`);
 * - `embedding`: a lookup of token ids in a constant table; relevance stops at its output (token methods
 *   attribute there);
 * - fallbacks that run the model's own op: `layer` (a Keras layer) and `external` (a converter op).
 */
export type NodeOp =
  | { kind: 'input'; index: number }
  | LinearOp
  | { kind: 'affine'; scale: tf.Tensor | null; shift: tf.Tensor | null }
  | {
      kind: 'batchnorm';
      mean: tf.Tensor1D;
      variance: tf.Tensor1D;
      gamma: tf.Tensor1D | null;
      beta: tf.Tensor1D | null;
      epsilon: number;
    }
  | {
      kind: 'pool';
      pool: 'max' | 'avg';
      rank: 1 | 2;
      poolSize: number[];
      strides: number[];
      padding: WindowPadding;
    }
  | { kind: 'global-pool'; pool: 'max' | 'avg'; rank: 1 | 2 }
  | { kind: 'reduce'; reduce: 'mean' | 'sum' | 'max' | 'min'; axes: number[]; keepDims: boolean }
  | {
      kind: 'resize';
      size: [number, number];
      alignCorners: boolean;
      halfPixelCenters: boolean;
    }
  | { kind: 'activation'; activation: ActivationSpec }
  | {
      kind: 'move';
      /** What it does, for messages (`Reshape`, `Transpose`, `Pad` …). */
      what: string;
      /** The movement on batched inputs (inputs in `inputs` order). */
      apply: (inputs: readonly tf.Tensor[]) => tf.Tensor;
    }
  | {
      kind: 'merge';
      merge: 'add' | 'subtract' | 'multiply' | 'divide' | 'average' | 'maximum' | 'minimum';
    }
  | {
      kind: 'matmul';
      transposeA: boolean;
      transposeB: boolean;
      /** A constant operand (`side` 0: left, 1: right); null when both operands are computed. */
      constant: { side: 0 | 1; tensor: tf.Tensor } | null;
    }
  | {
      kind: 'embedding';
      /** `[vocabulary, dim]`: row k is token k's vector. */
      table: tf.Tensor2D;
    }
  | { kind: 'layer'; layer: tfl.layers.Layer }
  | {
      kind: 'external';
      /** The converter op name, for messages. */
      what: string;
      apply: (inputs: readonly tf.Tensor[]) => tf.Tensor;
    };

/** The op kinds, for switch statements and error messages. */
export type NodeKind = NodeOp['kind'];

/** One computation of the explanation graph: a layer call, a converter node, or a step of an unrolled layer. */
export interface GraphNode {
  /** Position in `nodes`; nodes are in topological order. */
  readonly id: number;
  /**
   * Layer name (LayersModels; nested models' layers are `outer/inner`, a second call of a shared layer is
   * `name:1`, steps of an unrolled recurrent layer are `name/t3/…`) or converter node name (GraphModels).
   */
  readonly name: string;
  /** The tfjs layer class (`Conv2D`) or converter op (`_FusedConv2D`) it came from. */
  readonly className: string;
  /** Ids of the nodes feeding it, in argument order. */
  readonly inputs: readonly number[];
  readonly op: NodeOp;
  /** Output shape with `null` for the batch and other unknown dimensions; empty when not known. */
  readonly outputShape: readonly (number | null)[];
  /**
   * The name of the node whose weights this one applies, when later nodes (BatchNorm, an activation)
   * were merged into it and it took their name; absent otherwise.
   */
  readonly source?: string;
  /** Weight tensors this graph created (folded or transposed weights) and must dispose. */
  readonly owned: readonly tf.Tensor[];
}

/**
 * A model rewritten for explanation: plain (unfused) ops on constant weights, so an input gradient computes
 * no weight gradient, optionally with affine ops (BatchNorm) folded into the preceding linear op. LayersModels
 * and GraphModels both become this graph; methods never see which one it came from.
 */
export interface ExplanationGraph {
  readonly nodes: readonly GraphNode[];
  /** Ids of the model's input nodes, in the model's input order. */
  readonly inputs: readonly number[];
  /** Id of the first input node (single-input models). */
  readonly input: number;
  /** Id of the node whose value is the explained output. */
  readonly output: number;
  /** Node name (or alias, e.g. a nested model's or a folded-away layer's name) → node id. */
  readonly byName: ReadonlyMap<string, number>;
  /** Ids of nodes that read each node's value. */
  readonly consumers: readonly (readonly number[])[];
  /** Linear nodes that absorbed a following BatchNorm/affine node: `{ linear, batchNorm }` names. */
  readonly folded: readonly { linear: string; batchNorm: string }[];
  /** Ops outside Loupe's op table that run as the model's own op (plain autodiff for that op only). */
  readonly warnings: readonly string[];
}
