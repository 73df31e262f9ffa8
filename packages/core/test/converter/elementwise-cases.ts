import * as tf from '@tensorflow/tfjs';
import { float, int, int32, opNode, uniform } from './graph-def.js';
import type { OpCase } from './op-case.js';

const c6 = () => uniform([6], 30, 0.5, 1.5);

/** `x ∘ c` and `c ∘ x` for a constant, and `x ∘ f(x)` between two computed values. */
function binaryCases(op: string, computed: string, range?: [number, number]): OpCase[] {
  return [
    {
      name: `${op} (x, constant)`,
      input: [2, 6],
      nodes: [opNode('y', op, ['x', 'c'])],
      weights: { c: c6() },
    },
    {
      name: `${op} (constant, x)`,
      input: [2, 6],
      range,
      nodes: [opNode('y', op, ['c', 'x'])],
      weights: { c: c6() },
    },
    {
      name: `${op} (x, ${computed}(x))`,
      input: [2, 6],
      nodes: [opNode('f', computed, ['x']), opNode('y', op, ['x', 'f'])],
      weights: {},
    },
  ];
}

const unary = (op: string, range?: [number, number], attr: Record<string, unknown> = {}): OpCase => ({
  name: op,
  input: [2, 6],
  range,
  nodes: [opNode('y', op, ['x'], attr)],
  weights: {},
  h: 1e-3,
});

/** Elementwise converter ops: arithmetic with constants and between computed values, clips, activations. */
export const ELEMENTWISE_CASES: OpCase[] = [
  ...binaryCases('Add', 'Relu'),
  ...binaryCases('AddV2', 'Tanh'),
  ...binaryCases('Sub', 'Sigmoid'),
  ...binaryCases('Mul', 'Tanh'),
  ...binaryCases('RealDiv', 'Sigmoid', [0.5, 2]),
  {
    name: 'AddN (two computed terms and a constant)',
    input: [2, 6],
    nodes: [
      opNode('f', 'Tanh', ['x']),
      { name: 'y', op: 'AddN', input: ['x', 'f', 'c'], attr: { N: int(3) } },
    ],
    // AddN needs equal shapes: the constant term has the batch's shape.
    weights: { c: uniform([2, 6], 34) },
  },
  {
    name: 'Maximum (x, 0): a clip',
    input: [2, 6],
    nodes: [opNode('y', 'Maximum', ['x', 'zero'])],
    weights: { zero: tf.scalar(0) },
    h: 1e-3,
  },
  {
    name: 'Minimum (Maximum (x, 0), 6): ReLU6 as clips',
    input: [2, 6],
    range: [-3, 9],
    nodes: [opNode('lo', 'Maximum', ['x', 'zero']), opNode('y', 'Minimum', ['lo', 'six'])],
    weights: { zero: tf.scalar(0), six: tf.scalar(6) },
    h: 1e-3,
  },
  {
    name: 'Maximum (x, tanh(x)) between computed values',
    input: [2, 6],
    nodes: [opNode('f', 'Tanh', ['x']), opNode('y', 'Maximum', ['x', 'f'])],
    weights: {},
    h: 1e-3,
  },
  unary('Relu'),
  unary('Relu6', [-3, 9]),
  unary('LeakyRelu', undefined, { alpha: float(0.1) }),
  {
    name: 'Prelu',
    input: [2, 6],
    nodes: [opNode('y', 'Prelu', ['x', 'alpha'])],
    weights: { alpha: uniform([6], 31, 0.05, 0.4) },
    h: 1e-3,
  },
  unary('Elu'),
  unary('Sigmoid', [-3, 3]),
  unary('Tanh', [-2, 2]),
  unary('Softmax', [-2, 2]),
  unary('Identity'),
  {
    name: 'Cast to float32, then Relu',
    input: [2, 6],
    nodes: [
      {
        name: 'cast',
        op: 'Cast',
        input: ['x'],
        attr: { SrcT: { type: 'DT_FLOAT' }, DstT: { type: 'DT_FLOAT' } },
      },
      opNode('y', 'Relu', ['cast']),
    ],
    weights: {},
    h: 1e-3,
  },
  {
    name: 'ExpandDims, then Squeeze',
    input: [2, 6],
    nodes: [
      { name: 'e', op: 'ExpandDims', input: ['x', 'axis'], attr: { T: { type: 'DT_FLOAT' } } },
      opNode('t', 'Tanh', ['e']),
      opNode('y', 'Squeeze', ['t'], { squeeze_dims: { list: { i: ['1'] } } }),
    ],
    weights: { axis: int32([1]) },
  },
];
