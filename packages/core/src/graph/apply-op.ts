import * as tf from '@tensorflow/tfjs';
import { applyActivation } from './activations.js';
import { depthwiseConvPortable, hasNativeDepthwiseInputGrad } from './depthwise-input-grad.js';
import type { NodeOp } from './types.js';

type LinearOp = Extract<NodeOp, { kind: 'dense' | 'conv' | 'depthwise' }>;

/** The pre-activation of a linear op: kernel product plus bias, no activation. */
export function linearPreActivation(op: LinearOp, x: tf.Tensor, withBias = true): tf.Tensor {
  let z: tf.Tensor;
  if (op.kind === 'dense') {
    if (x.rank === 2) z = tf.matMul(x as tf.Tensor2D, op.kernel);
    else {
      const lead = x.shape.slice(0, -1);
      z = tf.reshape(tf.matMul(tf.reshape(x, [-1, x.shape[x.rank - 1]]) as tf.Tensor2D, op.kernel), [
        ...lead,
        op.kernel.shape[1],
      ]);
    }
  } else if (op.kind === 'conv') z = conv(op, x);
  else if (hasNativeDepthwiseInputGrad()) {
    z = tf.depthwiseConv2d(x as tf.Tensor4D, op.kernel, op.strides, op.padding, 'NHWC', op.dilations);
  } else z = depthwiseConvPortable(x as tf.Tensor4D, op.kernel, op.strides, op.padding, op.dilations);
  return withBias && op.bias ? tf.add(z, op.bias) : z;
}

function conv(op: Extract<NodeOp, { kind: 'conv' }>, x: tf.Tensor): tf.Tensor {
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

function pool(op: Extract<NodeOp, { kind: 'pool' }>, x: tf.Tensor): tf.Tensor {
  const x4 = op.rank === 1 ? tf.expandDims(x, 2) : x;
  const size = (op.rank === 1 ? [op.poolSize[0], 1] : op.poolSize) as [number, number];
  const strides = (op.rank === 1 ? [op.strides[0], 1] : op.strides) as [number, number];
  const y =
    op.pool === 'max'
      ? tf.maxPool(x4 as tf.Tensor4D, size, strides, op.padding)
      : tf.avgPool(x4 as tf.Tensor4D, size, strides, op.padding);
  return op.rank === 1 ? tf.squeeze(y, [2]) : y;
}

function merge(kind: Extract<NodeOp, { kind: 'merge' }>['merge'], xs: tf.Tensor[]): tf.Tensor {
  const fold = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
    xs.slice(1).reduce((acc, t) => f(acc, t), xs[0]);
  switch (kind) {
    case 'add':
      return fold(tf.add);
    case 'subtract':
      return tf.sub(xs[0], xs[1]);
    case 'multiply':
      return fold(tf.mul);
    case 'average':
      return tf.div(fold(tf.add), xs.length);
    case 'maximum':
      return fold(tf.maximum);
    case 'minimum':
      return fold(tf.minimum);
  }
}

/**
 * Computes one node. `skipActivation` returns the pre-activation of a linear node (or the input of an
 * activation node): this is how the logits view drops a final softmax without touching weights.
 */
export function applyOp(op: NodeOp, inputs: tf.Tensor[], skipActivation = false): tf.Tensor {
  const x = inputs[0];
  switch (op.kind) {
    case 'input':
    case 'identity':
      return x;
    case 'dense':
    case 'conv':
    case 'depthwise': {
      const z = linearPreActivation(op, x);
      return skipActivation ? z : applyActivation(op.activation, z);
    }
    case 'batchnorm':
      return tf.batchNorm(x, op.mean, op.variance, op.beta ?? undefined, op.gamma ?? undefined, op.epsilon);
    case 'pool':
      return pool(op, x);
    case 'global-pool': {
      const axes = op.rank === 2 ? [1, 2] : [1];
      return op.pool === 'max' ? tf.max(x, axes) : tf.mean(x, axes);
    }
    case 'activation':
      return skipActivation ? x : applyActivation(op.activation, x);
    case 'reshape':
      return tf.reshape(x, [x.shape[0], ...op.shape]);
    case 'merge':
      return merge(op.merge, inputs);
    case 'concat':
      return tf.concat(inputs, op.axis);
    case 'pad':
      return tf.pad(x, [[0, 0], op.paddings[0], op.paddings[1], [0, 0]]);
    case 'layer':
      return op.layer.apply(inputs.length === 1 ? x : inputs) as tf.Tensor;
  }
}
