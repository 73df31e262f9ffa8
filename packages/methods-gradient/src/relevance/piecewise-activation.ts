import { type ActivationSpec, applyActivation } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/** Piecewise-linear activations: locally a·z + b with b ≠ 0 on some pieces (ReLU6's cap, clips, hard sigmoid). */
const PIECEWISE_LINEAR = new Set(['relu', 'relu6', 'leakyRelu', 'prelu', 'clip', 'hardSigmoid']);

/**
 * The share of an activation's output relevance that its input keeps: on each linear piece the unit is
 * y = s·z + c, and the constant c is a bias, which absorbs its part (as biases do in the ε rule), so
 * R_z = R_y · s·z / y (0 where y = 0). For ReLU and leaky ReLU (c = 0) this is 1 and relevance passes
 * unchanged; a ReLU6 unit saturated at 6 passes nothing, which is what makes LRP-0 equal input × gradient
 * on every piecewise-linear graph. Returns null for other activations (relevance passes through them).
 */
export function activationShare(spec: ActivationSpec, z: tf.Tensor, y: tf.Tensor): tf.Tensor | null {
  if (!PIECEWISE_LINEAR.has(spec.name)) return null;
  const slope = tf.grad((v: tf.Tensor) => applyActivation(spec, v))(z);
  const nonZero = tf.notEqual(y, 0);
  return tf.where(nonZero, tf.div(tf.mul(slope, z), tf.where(nonZero, y, tf.onesLike(y))), tf.zerosLike(y));
}
