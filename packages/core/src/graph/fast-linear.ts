import * as tf from '@tensorflow/tfjs-core';
import type { BackwardPlan } from './backward-plan.js';
import { adjointKernel, convInputGradient } from './conv-input-grad.js';
import { depthwiseConvPortable, rotatedDepthwiseKernel } from './depthwise-input-grad.js';
import { withInputGradient } from './input-gradient-op.js';
import type { LinearOp } from './types.js';

type ConvOp = Extract<LinearOp, { kind: 'conv' }>;
type DenseOp = Extract<LinearOp, { kind: 'dense' }>;
type DepthwiseOp = Extract<LinearOp, { kind: 'depthwise' }>;

/**
 * The adjoint weights the graph made for this op's kernel (`adjointWeightsOf`), or null when it has none or
 * the op carries another kernel (relevance rules apply ops with rewritten weights).
 */
function madeAdjoint(op: LinearOp): tf.Tensor | null {
  const a = op.adjoint;
  return a && a.of === op.kernel && !a.tensor.isDisposed ? a.tensor : null;
}

/** The 2-D form of a 1-D convolution kernel `[k, in, out]` → `[1, k, in, out]`. */
function asConv2dKernel(op: ConvOp): tf.Tensor4D {
  return (op.rank === 2 ? op.kernel : tf.expandDims(op.kernel, 0)) as tf.Tensor4D;
}

/**
 * A convolution (1-D as 2-D with a unit height; causal as explicit left padding) whose input gradient is
 * built from forward convolutions (conv-input-grad.ts). A `bias` is added by the same forward kernel.
 */
export function convForwardGrad(
  op: ConvOp,
  x: tf.Tensor,
  plan: BackwardPlan,
  bias: tf.Tensor | null = null,
): tf.Tensor {
  const rank1 = op.rank === 1;
  const kernel = asConv2dKernel(op);
  const strides = (rank1 ? [1, op.strides[0]] : op.strides) as [number, number];
  const dilations = (rank1 ? [1, op.dilations[0]] : op.dilations) as [number, number];
  const causal = op.padding === 'causal';
  const explicit: [[number, number], [number, number]] = [
    [0, 0],
    [(kernel.shape[1] - 1) * dilations[1], 0],
  ];
  const x4 = (rank1 ? tf.expandDims(x, 1) : x) as tf.Tensor4D;
  const adjoint = madeAdjoint(op);
  const y = withInputGradient(
    x4,
    (input) => {
      const pad = causal ? [[0, 0], ...explicit, [0, 0]] : (op.padding as 'same' | 'valid');
      return bias
        ? tf.fused.conv2d({ x: input, filter: kernel, strides, pad: pad as 'valid', dilations, bias })
        : tf.conv2d(input, kernel, strides, pad as 'valid', 'NHWC', dilations);
    },
    (dy, input, [k, a]) =>
      convInputGradient(
        dy as tf.Tensor4D,
        k as tf.Tensor4D,
        input.shape,
        strides,
        causal ? explicit : (op.padding as 'same' | 'valid'),
        dilations,
        plan.strided,
        a as tf.Tensor4D | undefined,
      ),
    { keep: adjoint ? [kernel, adjoint] : [kernel] },
  );
  return rank1 ? tf.squeeze(y, [1]) : y;
}

/**
 * x·W (+ `bias`, in the same kernel) over the last axis, with ∂/∂x = dy·Wᵀ as a product with a transposed
 * matrix (no transpose flag).
 */
export function denseForwardGrad(op: DenseOp, x: tf.Tensor, bias: tf.Tensor | null = null): tf.Tensor {
  const flat = (x.rank === 2 ? x : tf.reshape(x, [-1, x.shape[x.rank - 1]])) as tf.Tensor2D;
  const adjoint = madeAdjoint(op);
  const z = withInputGradient(
    flat,
    (input) =>
      (bias ? tf.fused.matMul({ a: input, b: op.kernel, bias }) : tf.matMul(input, op.kernel)) as tf.Tensor2D,
    (dy, _input, [k]) =>
      tf.tidy(() =>
        tf.matMul(dy as tf.Tensor2D, adjoint ? (k as tf.Tensor2D) : tf.transpose(k as tf.Tensor2D)),
      ),
    { keep: [adjoint ?? op.kernel] },
  );
  return x.rank === 2 ? z : tf.reshape(z, [...x.shape.slice(0, -1), op.kernel.shape[1]]);
}

/**
 * The adjoint of a linear op's kernel, made once for backends whose plan computes input gradients with
 * forward kernels: conv kernels flipped in space and in/out-transposed (1-D as 2-D), dense kernels
 * transposed, depthwise kernels flipped and laid out `[kh, kw, C·M, 1]`. Null for ops that use none.
 */
export function adjointWeightsOf(op: LinearOp): tf.Tensor | null {
  if (op.kind === 'dense') return tf.transpose(op.kernel);
  if (op.kind === 'conv') return tf.tidy(() => adjointKernel(asConv2dKernel(op)));
  if (op.kind === 'depthwise') return rotatedDepthwiseKernel(op.kernel);
  return null;
}

/** A depthwise convolution (+ `bias`) whose input gradient is a forward depthwise convolution. */
export function depthwiseForwardGrad(
  op: DepthwiseOp,
  x: tf.Tensor,
  bias: tf.Tensor | null = null,
): tf.Tensor {
  const rotated = madeAdjoint(op) as tf.Tensor4D | null;
  return depthwiseConvPortable(
    x as tf.Tensor4D,
    op.kernel,
    op.strides,
    op.padding,
    op.dilations,
    rotated,
    bias,
  );
}
