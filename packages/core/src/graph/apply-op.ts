import * as tf from '@tensorflow/tfjs-core';
import { applyActivation } from './activations.js';
import { averagePool } from './avg-pool.js';
import { AUTODIFF_PLAN, type BackwardPlan, backwardPlan } from './backward-plan.js';
import { resizeBilinearExact } from './bilinear-resize.js';
import { hasNativeDepthwiseInputGrad } from './depthwise-input-grad.js';
import { convForwardGrad, denseForwardGrad, depthwiseForwardGrad } from './fast-linear.js';
import { batchMatMul } from './matmul.js';
import { maxPoolFirstWins, reduceExtremeFirstWins } from './max-routing.js';
import { isRelu6, relu6StepGrad } from './relu6-backward.js';
import type { ActivationSpec, LinearOp, NodeOp } from './types.js';

/**
 * Per-call replacements of how ops run, carried by one graph run and never registered globally (so two
 * overlapping calls cannot see each other's rules). `activation` returns a replacement for an activation
 * (e.g. a ReLU whose backward is guided), or null to apply it normally.
 */
export interface OpRules {
  activation?: (spec: ActivationSpec, x: tf.Tensor) => tf.Tensor | null;
  /**
   * How input gradients are computed: `'fast'` (default) by the active backend's measured plan
   * (backward-plan.ts: e.g. on wasm, convolutions' input gradients as forward convolutions); `'autodiff'`
   * by tfjs's own gradient kernels (the reference; max pooling keeps its first-maximum rule either way);
   * or an explicit plan (checks and benchmarks run every rewrite on every backend this way).
   */
  backward?: 'fast' | 'autodiff' | BackwardPlan;
}

/** The backward plan a run with these rules uses. */
export function planFor(rules: OpRules | undefined): BackwardPlan {
  const b = rules?.backward;
  if (b === undefined || b === 'fast') return backwardPlan();
  return b === 'autodiff' ? AUTODIFF_PLAN : b;
}

/**
 * The pre-activation of a linear op: kernel product plus bias, no activation. `plan` says how its input
 * gradient is computed (default: the active backend's measured plan).
 */
export function linearPreActivation(
  op: LinearOp,
  x: tf.Tensor,
  withBias = true,
  plan: BackwardPlan = backwardPlan(),
): tf.Tensor {
  // Forward-kernel paths add the bias in the same kernel (tf.fused) where the plan says so.
  const bias = withBias && plan.fuseBias ? op.bias : null;
  let z: tf.Tensor;
  let biased = false;
  switch (op.kind) {
    case 'dense':
      if (plan.dense === 'transposed') [z, biased] = [denseForwardGrad(op, x, bias), bias !== null];
      else z = dense(op.kernel, x);
      break;
    case 'conv':
      // tfjs has no gradient for dilated convolutions: those always take the forward-kernel one.
      if (plan.conv === 'forward' || op.dilations.some((d) => d > 1))
        [z, biased] = [convForwardGrad(op, x, plan, bias), bias !== null];
      else z = conv(op, x);
      break;
    case 'depthwise':
      if (hasNativeDepthwiseInputGrad() && plan.conv === 'native' && op.dilations.every((d) => d === 1))
        z = tf.depthwiseConv2d(x as tf.Tensor4D, op.kernel, op.strides, op.padding, 'NHWC', op.dilations);
      else [z, biased] = [depthwiseForwardGrad(op, x, bias), bias !== null];
      break;
    case 'conv-transpose':
      z = tf.conv2dTranspose(
        x as tf.Tensor4D,
        op.kernel,
        [x.shape[0], ...op.outputShape],
        op.strides,
        op.padding,
      );
      break;
  }
  return withBias && op.bias && !biased ? tf.add(z, op.bias) : z;
}

function dense(kernel: tf.Tensor2D, x: tf.Tensor): tf.Tensor {
  if (x.rank === 2) return tf.matMul(x as tf.Tensor2D, kernel);
  const lead = x.shape.slice(0, -1);
  const flat = tf.reshape(x, [-1, x.shape[x.rank - 1]]) as tf.Tensor2D;
  return tf.reshape(tf.matMul(flat, kernel), [...lead, kernel.shape[1]]);
}

function conv(op: Extract<LinearOp, { kind: 'conv' }>, x: tf.Tensor): tf.Tensor {
  if (op.rank === 2) {
    return tf.conv2d(
      x as tf.Tensor4D,
      op.kernel as tf.Tensor4D,
      op.strides as [number, number],
      op.padding as 'same' | 'valid',
      'NHWC',
      op.dilations as [number, number],
    );
  }
  let input = x as tf.Tensor3D;
  let padding = op.padding;
  if (padding === 'causal') {
    // Causal = left-pad by the receptive field, then a valid convolution.
    input = tf.pad(input, [
      [0, 0],
      [(op.kernel.shape[0] - 1) * op.dilations[0], 0],
      [0, 0],
    ]);
    padding = 'valid';
  }
  return tf.conv1d(input, op.kernel as tf.Tensor3D, op.strides[0], padding, 'NWC', op.dilations[0]);
}

function pool(op: Extract<NodeOp, { kind: 'pool' }>, x: tf.Tensor, plan: BackwardPlan): tf.Tensor {
  const x4 = (op.rank === 1 ? tf.expandDims(x, 2) : x) as tf.Tensor4D;
  const size = (op.rank === 1 ? [op.poolSize[0], 1] : op.poolSize) as [number, number];
  const strides = (op.rank === 1 ? [op.strides[0], 1] : op.strides) as [number, number];
  const y =
    op.pool === 'max'
      ? maxPoolFirstWins(x4, size, strides, op.padding)
      : averagePool(x4, size, strides, op.padding, plan.avgPool === 'forward');
  return op.rank === 1 ? tf.squeeze(y, [2]) : y;
}

function reduce(op: Extract<NodeOp, { kind: 'reduce' }>, x: tf.Tensor): tf.Tensor {
  const axes = op.axes.map((a) => (a < 0 ? a + x.rank : a));
  switch (op.reduce) {
    case 'mean':
      return tf.mean(x, axes, op.keepDims);
    case 'sum':
      return tf.sum(x, axes, op.keepDims);
    default:
      return reduceExtremeFirstWins(x, axes, op.keepDims, op.reduce);
  }
}

function merge(kind: Extract<NodeOp, { kind: 'merge' }>['merge'], xs: readonly tf.Tensor[]): tf.Tensor {
  const fold = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
    xs.slice(1).reduce((acc, t) => f(acc, t), xs[0]);
  switch (kind) {
    case 'add':
      return xs.length > 2 ? tf.addN([...xs]) : fold(tf.add);
    case 'subtract':
      return tf.sub(xs[0], xs[1]);
    case 'multiply':
      return fold(tf.mul);
    case 'divide':
      return tf.div(xs[0], xs[1]);
    case 'average':
      return tf.div(fold(tf.add), xs.length);
    case 'maximum':
      return fold(tf.maximum);
    case 'minimum':
      return fold(tf.minimum);
  }
}

function affine(op: Extract<NodeOp, { kind: 'affine' }>, x: tf.Tensor): tf.Tensor {
  const scaled = op.scale ? tf.mul(x, op.scale) : x;
  return op.shift ? tf.add(scaled, op.shift) : scaled;
}

function activate(spec: ActivationSpec, x: tf.Tensor, rules: OpRules | undefined): tf.Tensor {
  const custom = rules?.activation?.(spec, x);
  if (custom) return custom;
  return planFor(rules).relu6 === 'steps' && isRelu6(spec) ? relu6StepGrad(x) : applyActivation(spec, x);
}

/**
 * Computes one node. `skipActivation` returns the pre-activation of a linear node (or the input of an
 * activation node): this is how the logits view drops a final softmax without touching weights.
 */
export function applyOp(
  op: NodeOp,
  inputs: readonly tf.Tensor[],
  skipActivation = false,
  rules?: OpRules,
): tf.Tensor {
  const x = inputs[0];
  switch (op.kind) {
    case 'input':
      return x;
    case 'dense':
    case 'conv':
    case 'depthwise':
    case 'conv-transpose': {
      const z = linearPreActivation(op, x, true, planFor(rules));
      return skipActivation ? z : activate(op.activation, z, rules);
    }
    case 'affine':
      return affine(op, x);
    case 'batchnorm':
      return tf.batchNorm(x, op.mean, op.variance, op.beta ?? undefined, op.gamma ?? undefined, op.epsilon);
    case 'pool':
      return pool(op, x, planFor(rules));
    case 'global-pool': {
      const axes = op.rank === 2 ? [1, 2] : [1];
      return op.pool === 'max' ? reduceExtremeFirstWins(x, axes, false, 'max') : tf.mean(x, axes);
    }
    case 'reduce':
      return reduce(op, x);
    case 'resize':
      return resizeBilinearExact(x as tf.Tensor4D, op.size, op.alignCorners, op.halfPixelCenters);
    case 'activation':
      return skipActivation ? x : activate(op.activation, x, rules);
    case 'move':
    case 'external':
      return op.apply(inputs);
    case 'merge':
      return merge(op.merge, inputs);
    case 'matmul': {
      const c = op.constant;
      const [a, b] = c === null ? [inputs[0], inputs[1]] : c.side === 0 ? [c.tensor, x] : [x, c.tensor];
      return batchMatMul(a, b, op.transposeA, op.transposeB);
    }
    case 'embedding':
      return tf.gather(op.table, tf.cast(x, 'int32'));
    case 'layer':
      return op.layer.apply(inputs.length === 1 ? x : [...inputs]) as tf.Tensor;
  }
}
