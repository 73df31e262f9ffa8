import { applyOp, type GraphNode, linearPreActivation, type NodeOp } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { isLinearOp, type LinearOp } from './linear-op.js';

/**
 * How a relevance rule rewrites a layer's weights before the "gradient × input of a modified forward"
 * step: `plain` w, `positive` w⁺ = max(w, 0), `negative` w⁻ = min(w, 0), `ones` (flat rule), `square`
 * w² (w²-rule), or `{ gamma }` w + γ·w⁺ (LRP-γ).
 */
export type WeightMode = 'plain' | 'positive' | 'negative' | 'ones' | 'square' | { gamma: number };

/**
 * A node that is linear in its inputs up to a bias: z = W·(inputs) + b. Relevance rules and DeepLIFT
 * multipliers only need the modified linear map and its bias, whatever the layer (dense, convolution,
 * depthwise, transposed, average pooling and means, bilinear resizing, an unfolded BatchNorm or constant
 * scale/shift, an additive merge).
 */
export interface LinearView {
  /** W_mode · inputs, without bias; every input takes part in the graph (even with a zero weight). */
  apply(inputs: readonly tf.Tensor[], mode: WeightMode): tf.Tensor;
  /** The bias rewritten for `mode` (null when there is none, or for the flat and w² rules). */
  bias(mode: WeightMode): tf.Tensor | null;
}

/** Rewrites a weight tensor for a mode. */
export function transformWeight(w: tf.Tensor, mode: WeightMode): tf.Tensor {
  if (mode === 'plain') return w;
  if (mode === 'positive') return tf.relu(w);
  if (mode === 'negative') return tf.minimum(w, 0);
  if (mode === 'ones') return tf.onesLike(w);
  if (mode === 'square') return tf.square(w);
  return tf.add(w, tf.mul(tf.relu(w), mode.gamma));
}

/** Rewrites a constant scalar weight (pooling and merge weights) for a mode. */
export function transformScalar(c: number, mode: WeightMode): number {
  if (mode === 'plain') return c;
  if (mode === 'positive') return Math.max(c, 0);
  if (mode === 'negative') return Math.min(c, 0);
  if (mode === 'ones') return 1;
  if (mode === 'square') return c * c;
  return c + mode.gamma * Math.max(c, 0);
}

/** Rewrites a bias for a mode; the flat and w² rules ignore biases (Montavon et al. 2019). */
export function transformBias(b: tf.Tensor | null, mode: WeightMode): tf.Tensor | null {
  if (b === null || mode === 'ones' || mode === 'square') return null;
  return transformWeight(b, mode);
}

function kernelView(op: LinearOp): LinearView {
  return {
    apply: (inputs, mode) =>
      linearPreActivation(
        { ...op, kernel: transformWeight(op.kernel, mode), bias: null } as LinearOp,
        inputs[0],
        false,
      ),
    bias: (mode) => transformBias(op.bias, mode),
  };
}

/**
 * Ops with non-negative coefficients and no weight tensor (average pooling, means and sums, bilinear
 * resizing): w⁺ = w and w⁻ = 0, so `mode` only keeps, zeroes or scales the op (γ: 1 + γ). The flat and w²
 * rules, meant for a first dense/conv layer, treat the coefficients as given here.
 */
function uniformView(forward: (x: tf.Tensor) => tf.Tensor): LinearView {
  return {
    apply: (inputs, mode) => tf.mul(forward(inputs[0]), transformScalar(1, mode)),
    bias: () => null,
  };
}

/** Merges that sum their inputs with constant weights (add: 1, subtract: 1 and −1, average: 1/n). */
function mergeView(weights: readonly number[]): LinearView {
  return {
    apply: (inputs, mode) => {
      // Multiplying by a zero weight (rather than skipping the input) keeps every input in the graph, so
      // gradients with respect to all inputs exist.
      const terms = inputs.map((x, k) => tf.mul(x, transformScalar(weights[k], mode)));
      return terms.length === 1 ? terms[0] : tf.addN(terms);
    },
    bias: () => null,
  };
}

/** x·s + b with constant s and b (BatchNorm exported as Mul/Add, BiasAdd, Sub and RealDiv by constants). */
function affineView(op: Extract<NodeOp, { kind: 'affine' }>): LinearView {
  return {
    apply: (inputs, mode) =>
      op.scale
        ? tf.mul(inputs[0], transformWeight(op.scale, mode))
        : tf.mul(inputs[0], transformScalar(1, mode)),
    bias: (mode) => transformBias(op.shift, mode),
  };
}

function batchNormView(op: Extract<NodeOp, { kind: 'batchnorm' }>): LinearView {
  const scale = () => {
    const inv = tf.rsqrt(tf.add(op.variance, op.epsilon));
    return op.gamma ? tf.mul(op.gamma, inv) : inv;
  };
  return {
    apply: (inputs, mode) => tf.mul(inputs[0], transformWeight(scale(), mode)),
    bias: (mode) => {
      const shift = tf.neg(tf.mul(op.mean, scale()));
      return transformBias(op.beta ? tf.add(shift, op.beta) : shift, mode);
    },
  };
}

/**
 * The linear view of a node, or null when the node is not linear up to a bias (max pooling, reshapes,
 * activations, nonlinear merges, unknown layers). Call inside `tf.tidy`: views create tensors lazily.
 */
export function linearViewOf(node: GraphNode): LinearView | null {
  const op = node.op;
  if (isLinearOp(op)) return kernelView(op);
  switch (op.kind) {
    case 'affine':
      return affineView(op);
    case 'batchnorm':
      return batchNormView(op);
    case 'pool':
    case 'global-pool':
      return op.pool === 'avg' ? uniformView((x) => applyOp(op, [x])) : null;
    case 'reduce':
      return op.reduce === 'mean' || op.reduce === 'sum' ? uniformView((x) => applyOp(op, [x])) : null;
    case 'resize':
      return uniformView((x) => applyOp(op, [x]));
    case 'matmul': {
      const c = op.constant;
      if (!c) return null;
      return {
        apply: (inputs, mode) =>
          applyOp({ ...op, constant: { ...c, tensor: transformWeight(c.tensor, mode) } }, inputs),
        bias: () => null,
      };
    }
    case 'merge': {
      const n = node.inputs.length;
      if (op.merge === 'add') return mergeView(new Array<number>(n).fill(1));
      if (op.merge === 'average') return mergeView(new Array<number>(n).fill(1 / n));
      if (op.merge === 'subtract') return mergeView([1, -1]);
      return null;
    }
    default:
      return null;
  }
}

/** Vector–Jacobian product of a view's linear map: Wᵀ·dy for every input. */
export function linearVjp(
  view: LinearView,
  mode: WeightMode,
  inputs: readonly tf.Tensor[],
  dy: tf.Tensor,
): tf.Tensor[] {
  return tf.grads((...xs: tf.Tensor[]) => view.apply(xs, mode))([...inputs], dy);
}

/** True for nodes `linearViewOf` gives a view of (checked without creating tensors). */
export function isLinearLike(node: GraphNode): boolean {
  const op = node.op;
  if (isLinearOp(op)) return true;
  switch (op.kind) {
    case 'affine':
    case 'batchnorm':
    case 'resize':
      return true;
    case 'matmul':
      return op.constant !== null;
    case 'pool':
    case 'global-pool':
      return op.pool === 'avg';
    case 'reduce':
      return op.reduce === 'mean' || op.reduce === 'sum';
    case 'merge':
      return op.merge === 'add' || op.merge === 'average' || op.merge === 'subtract';
    default:
      return false;
  }
}
