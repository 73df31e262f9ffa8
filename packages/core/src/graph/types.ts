import type * as tf from '@tensorflow/tfjs';

/** An elementwise activation as a graph node applies it (Keras names; `alpha`/`maxValue` where they apply). */
export interface ActivationSpec {
  name: string;
  /** Negative slope (LeakyReLU) or ELU alpha. */
  alpha?: number;
  /** Cap of a capped ReLU (ReLU6: 6). */
  maxValue?: number;
}

/** Shared shape of linear ops: a pre-activation followed by `activation`. */
interface LinearBase {
  bias: tf.Tensor1D | null;
  activation: ActivationSpec;
}

/**
 * What a node computes, with weights as constant tensors (never differentiated). Methods that propagate
 * relevance (LRP, DeepLIFT) switch on `kind`; `layer` is the fallback that calls the tfjs layer as is.
 */
export type NodeOp =
  | { kind: 'input' }
  | ({ kind: 'dense'; kernel: tf.Tensor2D } & LinearBase)
  | ({
      kind: 'conv';
      rank: 1 | 2;
      kernel: tf.Tensor;
      strides: number[];
      padding: 'same' | 'valid' | 'causal';
      dilations: number[];
    } & LinearBase)
  | ({
      kind: 'depthwise';
      kernel: tf.Tensor4D;
      strides: [number, number];
      padding: 'same' | 'valid';
      dilations: [number, number];
    } & LinearBase)
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
      padding: 'same' | 'valid';
    }
  | { kind: 'global-pool'; pool: 'max' | 'avg'; rank: 1 | 2 }
  | { kind: 'activation'; activation: ActivationSpec }
  | { kind: 'reshape'; shape: number[] }
  | { kind: 'identity' }
  | { kind: 'merge'; merge: 'add' | 'subtract' | 'multiply' | 'average' | 'maximum' | 'minimum' }
  | { kind: 'concat'; axis: number }
  | { kind: 'pad'; paddings: [[number, number], [number, number]] }
  | { kind: 'layer'; layer: tf.layers.Layer };

/** The op kinds, for switch statements and error messages. */
export type NodeKind = NodeOp['kind'];

/** One computation of the explanation graph: a layer call (or half of one, for separable convs). */
export interface GraphNode {
  /** Position in `nodes`; nodes are in topological order. */
  readonly id: number;
  /** Layer name; nested models' layers are `outer/inner`; a second call of a shared layer is `name:1`. */
  readonly name: string;
  /** The tfjs layer class it came from, e.g. `Conv2D`. */
  readonly className: string;
  /** Ids of the nodes feeding it, in argument order. */
  readonly inputs: readonly number[];
  readonly op: NodeOp;
  /** Output shape with `null` for the batch dimension. */
  readonly outputShape: readonly (number | null)[];
  /** Weight tensors this graph created (folded BatchNorm) and must dispose; the rest belong to the model. */
  readonly owned: readonly tf.Tensor[];
}

/**
 * A LayersModel rewritten for explanation: plain (unfused) ops on constant weights so that an input
 * gradient computes no weight gradient, optionally with BatchNorm folded into the preceding linear op.
 */
export interface ExplanationGraph {
  readonly nodes: readonly GraphNode[];
  /** Id of the model's input node. */
  readonly input: number;
  /** Id of the node whose value is the model output. */
  readonly output: number;
  /** Layer name (or alias, e.g. a nested model's name) → node id. */
  readonly byName: ReadonlyMap<string, number>;
  /** Ids of nodes that read each node's value. */
  readonly consumers: readonly (readonly number[])[];
  /** Names of BatchNorm layers folded into their preceding linear layer (and the linear layers' names). */
  readonly folded: readonly { linear: string; batchNorm: string }[];
}
