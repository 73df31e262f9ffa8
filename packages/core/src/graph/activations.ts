import * as tf from '@tensorflow/tfjs';
import type { ActivationSpec } from './types.js';

type ActivationFn = (x: tf.Tensor, spec: ActivationSpec) => tf.Tensor;

// Each entry uses only kernels with registered gradients on cpu, wasm and webgpu, so relevance methods
// can override the ReLU family by kernel name (Relu, Relu6, LeakyRelu) inside a gradient scope.
const ACTIVATIONS: Record<string, ActivationFn> = {
  linear: (x) => x,
  relu: (x, s) =>
    s.maxValue === undefined
      ? tf.relu(x)
      : s.maxValue === 6
        ? tf.relu6(x)
        : tf.clipByValue(tf.relu(x), 0, s.maxValue),
  relu6: (x) => tf.relu6(x),
  leakyRelu: (x, s) => tf.leakyRelu(x, s.alpha ?? 0.3),
  elu: (x, s) =>
    s.alpha === undefined || s.alpha === 1
      ? tf.elu(x)
      : tf.where(tf.greater(x, 0), x, tf.mul(s.alpha, tf.sub(tf.exp(x), 1))),
  selu: (x) => tf.selu(x),
  sigmoid: (x) => tf.sigmoid(x),
  hardSigmoid: (x) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1),
  tanh: (x) => tf.tanh(x),
  softmax: (x) => tf.softmax(x),
  logSoftmax: (x) => tf.logSoftmax(x),
  softplus: (x) => tf.softplus(x),
  softsign: (x) => tf.div(x, tf.add(tf.abs(x), 1)),
  swish: (x) => tf.mul(x, tf.sigmoid(x)),
  mish: (x) => tf.mul(x, tf.tanh(tf.softplus(x))),
  gelu: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))),
};

/** Whether `applyActivation` knows this activation name. */
export function isKnownActivation(name: string): boolean {
  return name in ACTIVATIONS;
}

/** Applies an activation spec elementwise (softmax over the last axis). */
export function applyActivation(spec: ActivationSpec, x: tf.Tensor): tf.Tensor {
  const fn = ACTIVATIONS[spec.name];
  if (!fn) throw new Error(`Unknown activation "${spec.name}"`);
  return fn(x, spec);
}

/** The linear (identity) activation. */
export const LINEAR: ActivationSpec = Object.freeze({ name: 'linear' });
