import * as tf from '@tensorflow/tfjs';
import { bool, convAttr, float, int, int32, opNode, strs, uniform } from './graph-def.js';
import type { OpCase } from './op-case.js';

const ACTIVATIONS = ['Relu', 'Relu6', 'Elu', 'Sigmoid', 'Tanh', 'LeakyRelu', 'Prelu'] as const;
type Activation = (typeof ACTIVATIONS)[number];

/** A fused activation as plain tfjs ops (LeakyReLU with α 0.1, PReLU with the `alpha` weights). */
function activate(name: Activation | undefined, z: tf.Tensor, alpha?: tf.Tensor): tf.Tensor {
  switch (name) {
    case undefined:
      return z;
    case 'LeakyRelu':
      return tf.leakyRelu(z, 0.1);
    case 'Prelu':
      return tf.prelu(z, alpha as tf.Tensor);
    default:
      return { Relu: tf.relu, Relu6: tf.relu6, Elu: tf.elu, Sigmoid: tf.sigmoid, Tanh: tf.tanh }[name](z);
  }
}

/** _FusedConv2D / FusedDepthwiseConv2dNative with BiasAdd and each fused activation the converter emits. */
function fusedConvCases(op: '_FusedConv2D' | 'FusedDepthwiseConv2dNative'): OpCase[] {
  const outChannels = op === '_FusedConv2D' ? 4 : 6;
  const filter = op === '_FusedConv2D' ? uniform([3, 3, 3, 4], 1) : uniform([3, 3, 3, 2], 2);
  const bias = uniform([outChannels], 3, -0.3, 0.3);
  const alpha = uniform([outChannels], 4, 0.05, 0.4);
  return [undefined, ...ACTIVATIONS].map((activation, k) => {
    const prelu = activation === 'Prelu';
    const stride = k % 2 === 0 ? 1 : 2;
    return {
      name: `${op} BiasAdd${activation ? `+${activation}` : ''}`,
      input: [2, 5, 5, 3],
      nodes: [
        opNode('y', op, ['x', 'filter', 'bias', ...(prelu ? ['alpha'] : [])], {
          ...convAttr(stride, 'SAME'),
          fused_ops: strs(activation ? ['BiasAdd', activation] : ['BiasAdd']),
          num_args: int(prelu ? 2 : 1),
          ...(activation === 'LeakyRelu' ? { leakyrelu_alpha: float(0.1) } : {}),
        }),
      ],
      weights: { filter, bias, ...(prelu ? { alpha } : {}) },
      // Written out: tfjs's cpu kernels have no fused tanh, and the converter drops a fused depthwise
      // convolution's leakyrelu_alpha.
      reference: (x, w) => {
        const z =
          op === '_FusedConv2D'
            ? tf.conv2d(x as tf.Tensor4D, w.filter as tf.Tensor4D, stride, 'same')
            : tf.depthwiseConv2d(x as tf.Tensor4D, w.filter as tf.Tensor4D, stride, 'same');
        return activate(activation, tf.add(z, w.bias), w.alpha);
      },
      h: 1e-3,
    };
  });
}

/**
 * _FusedConv2D and FusedDepthwiseConv2dNative with a fused BatchNorm (tfjs-converter cannot execute these:
 * the reference is written out; the depthwise op's epsilon is an attribute the converter does not parse).
 */
function fusedBatchNormCases(): OpCase[] {
  const weights = (channels: number, seed: number) => ({
    scale: uniform([channels], seed, 0.5, 1.5),
    offset: uniform([channels], seed + 1, -0.3, 0.3),
    mean: uniform([channels], seed + 2, -0.2, 0.2),
    variance: uniform([channels], seed + 3, 0.5, 2),
  });
  const variants = [
    { op: '_FusedConv2D', filter: uniform([3, 3, 3, 4], 5), channels: 4, epsilon: 1e-3 },
    { op: 'FusedDepthwiseConv2dNative', filter: uniform([3, 3, 3, 1], 6), channels: 3, epsilon: 0.5 },
  ];
  return variants.flatMap(({ op, filter, channels, epsilon }, v) =>
    [undefined, 'Relu' as const].map((activation) => ({
      name: `${op} FusedBatchNorm${activation ? `+${activation}` : ''}`,
      input: [2, 5, 5, 3],
      nodes: [
        opNode('y', op, ['x', 'filter', 'scale', 'offset', 'mean', 'variance'], {
          ...convAttr(1, 'SAME'),
          fused_ops: strs(activation ? ['FusedBatchNorm', activation] : ['FusedBatchNorm']),
          num_args: int(4),
          epsilon: float(epsilon),
        }),
      ],
      weights: { filter, ...weights(channels, 40 + 4 * v) },
      reference: (x: tf.Tensor, w: Record<string, tf.Tensor>) => {
        const z =
          op === '_FusedConv2D'
            ? tf.conv2d(x as tf.Tensor4D, w.filter as tf.Tensor4D, 1, 'same')
            : tf.depthwiseConv2d(x as tf.Tensor4D, w.filter as tf.Tensor4D, 1, 'same');
        return activate(activation, tf.batchNorm(z, w.mean, w.variance, w.offset, w.scale, epsilon));
      },
      h: 1e-3,
    })),
  );
}

function fusedMatMulCases(): OpCase[] {
  const weights = { w: uniform([6, 4], 10), bias: uniform([4], 11, -0.3, 0.3) };
  return [undefined, 'Relu', 'Tanh', 'Sigmoid', 'LeakyRelu'].map((activation) => ({
    name: `_FusedMatMul BiasAdd${activation ? `+${activation}` : ''}`,
    input: [2, 6],
    nodes: [
      opNode('y', '_FusedMatMul', ['x', 'w', 'bias'], {
        fused_ops: strs(activation ? ['BiasAdd', activation] : ['BiasAdd']),
        num_args: int(1),
        transpose_a: bool(false),
        transpose_b: bool(false),
        ...(activation === 'LeakyRelu' ? { leakyrelu_alpha: float(0.1) } : {}),
      }),
    ],
    weights,
    reference: (x, w) =>
      activate(
        activation as Activation | undefined,
        tf.add(tf.matMul(x as tf.Tensor2D, w.w as tf.Tensor2D), w.bias),
      ),
    h: 1e-3,
  }));
}

/** Linear converter ops: convolutions (plain, fused, depthwise, transposed), matrix products, BatchNorm. */
export const LINEAR_CASES: OpCase[] = [
  {
    name: 'Conv2D (stride 2, SAME)',
    input: [2, 6, 6, 3],
    nodes: [opNode('y', 'Conv2D', ['x', 'filter'], convAttr(2, 'SAME'))],
    weights: { filter: uniform([3, 3, 3, 4], 12) },
  },
  {
    name: 'Conv2D (VALID)',
    input: [2, 5, 5, 2],
    nodes: [opNode('y', 'Conv2D', ['x', 'filter'], convAttr(1, 'VALID'))],
    weights: { filter: uniform([2, 2, 2, 3], 13) },
  },
  {
    name: 'DepthwiseConv2dNative (multiplier 2, stride 2)',
    input: [2, 6, 6, 3],
    nodes: [opNode('y', 'DepthwiseConv2dNative', ['x', 'filter'], convAttr(2, 'SAME'))],
    weights: { filter: uniform([3, 3, 3, 2], 14) },
  },
  ...fusedConvCases('_FusedConv2D'),
  ...fusedConvCases('FusedDepthwiseConv2dNative'),
  ...fusedBatchNormCases(),
  {
    name: 'Conv2DBackpropInput (transposed convolution, stride 2)',
    input: [2, 3, 3, 4],
    nodes: [opNode('y', 'Conv2DBackpropInput', ['shape', 'filter', 'x'], convAttr(2, 'SAME'))],
    weights: { shape: int32([2, 6, 6, 3]), filter: uniform([3, 3, 3, 4], 15) },
  },
  {
    name: 'MatMul',
    input: [2, 6],
    nodes: [opNode('y', 'MatMul', ['x', 'w'], { transpose_a: bool(false), transpose_b: bool(false) })],
    weights: { w: uniform([6, 4], 16) },
  },
  {
    name: 'MatMul (transpose_b)',
    input: [2, 6],
    nodes: [opNode('y', 'MatMul', ['x', 'w'], { transpose_a: bool(false), transpose_b: bool(true) })],
    weights: { w: uniform([4, 6], 17) },
  },
  {
    name: 'BatchMatMulV2 of two computed operands',
    input: [2, 3, 4],
    nodes: [
      opNode('t', 'Tanh', ['x']),
      opNode('y', 'BatchMatMulV2', ['x', 't'], { adj_x: bool(false), adj_y: bool(true) }),
    ],
    weights: {},
  },
  ...fusedMatMulCases(),
  {
    name: 'MatMul + BiasAdd',
    input: [2, 6],
    nodes: [
      opNode('m', 'MatMul', ['x', 'w'], { transpose_a: bool(false), transpose_b: bool(false) }),
      opNode('y', 'BiasAdd', ['m', 'bias']),
    ],
    weights: { w: uniform([6, 4], 18), bias: uniform([4], 19) },
  },
  ...['FusedBatchNorm', 'FusedBatchNormV3'].map((op, k) => ({
    name: op,
    input: [2, 4, 4, 3],
    nodes: [opNode('y', op, ['x', 'scale', 'offset', 'mean', 'variance'], { epsilon: float(1e-3) })],
    weights: {
      scale: uniform([3], 20 + k, 0.5, 1.5),
      offset: uniform([3], 22 + k),
      mean: uniform([3], 24 + k, -0.3, 0.3),
      variance: uniform([3], 26 + k, 0.5, 2),
    },
  })),
];
