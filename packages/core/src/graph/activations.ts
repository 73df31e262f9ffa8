import * as tf from '@tensorflow/tfjs-core';
import type { ActivationSpec } from './types.js';

type ActivationFn = (x: tf.Tensor, spec: ActivationSpec) => tf.Tensor;

function clip(x: tf.Tensor, s: ActivationSpec): tf.Tensor {
  let y = x;
  if (s.min !== undefined) y = tf.maximum(y, s.min);
  if (s.max !== undefined) y = tf.minimum(y, s.max);
  return y;
}

// Each entry uses only kernels with registered gradients on cpu, wasm and webgpu.
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
  prelu: (x, s) => tf.prelu(x, s.slopes as tf.Tensor),
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
  clip,
  abs: (x) => tf.abs(x),
  exp: (x) => tf.exp(x),
  log: (x) => tf.log(x),
  sqrt: (x) => tf.sqrt(x),
  rsqrt: (x) => tf.rsqrt(x),
  square: (x) => tf.square(x),
  reciprocal: (x) => tf.reciprocal(x),
  sin: (x) => tf.sin(x),
  cos: (x) => tf.cos(x),
  erf: (x) => tf.erf(x),
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

/** Activations of the ReLU family, whose backward guided backprop and deconvnet replace. */
export function isReluFamily(spec: ActivationSpec): boolean {
  if (spec.name === 'relu' || spec.name === 'relu6' || spec.name === 'leakyRelu') return true;
  // A clip at 0 (converter graphs spell ReLU6 as Relu → Minimum(6), or Maximum(0) → Minimum(6)).
  return spec.name === 'clip' && spec.min === 0;
}

/**
 * The range `[low, high]` an activation's outputs lie in whatever its input, or null where unbounded
 * (used to tell gates from signals in products).
 */
export function activationRange(spec: ActivationSpec): [number, number] {
  switch (spec.name) {
    case 'sigmoid':
    case 'hardSigmoid':
    case 'softmax':
      return [0, 1];
    case 'tanh':
    case 'softsign':
    case 'sin':
    case 'cos':
    case 'erf':
      return [-1, 1];
    case 'relu':
      return [0, spec.maxValue ?? Number.POSITIVE_INFINITY];
    case 'relu6':
      return [0, 6];
    case 'clip':
      return [spec.min ?? Number.NEGATIVE_INFINITY, spec.max ?? Number.POSITIVE_INFINITY];
    case 'softplus':
    case 'abs':
    case 'exp':
    case 'sqrt':
    case 'rsqrt':
    case 'square':
      return [0, Number.POSITIVE_INFINITY];
    default:
      return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  }
}
