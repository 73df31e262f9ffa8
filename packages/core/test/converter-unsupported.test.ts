import {
  constNode,
  expectNoTensorLeaks,
  expectThrowsWithoutLeaks,
  finiteDifferenceGradient,
  graphModelFromNodes,
  maxRelativeError,
  placeholderNode,
  unlistedOpGraphModel,
} from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedModelError, wrapModel } from '../src/index.js';
import { bool, FLOAT, opNode, str } from './converter/graph-def.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('converter ops outside the op table', () => {
  it('run as the converter op with plain autodiff for that op only, named in the warnings', async () => {
    const { model: gm, weights } = await unlistedOpGraphModel();
    const x = tf.randomUniform([3, 4], -1, 1, 'float32', 1);
    await expectNoTensorLeaks(() => {
      const m = wrapModel(gm, { output: 'raw' });
      expect(m.warnings.join(' ')).toMatch(/Atan \(node "bend"\) is outside Loupe's op table/);
      const kinds = m.graph?.nodes.map((n) => `${n.op.kind}:${n.className}`);
      expect(kinds).toEqual(['input:Placeholder', 'dense:MatMul', 'external:Atan', 'dense:MatMul']);
      const score = (f: (v: tf.Tensor) => tf.Tensor) => (v: tf.Tensor) =>
        tf.sum(tf.mul(f(v), tf.tensor1d([1, -2])));
      const ours = tf.grad(score((v) => m.forwardBatched(v)))(x);
      const plain = tf.grad(score((v) => gm.execute(v) as tf.Tensor))(x);
      const numeric = finiteDifferenceGradient(
        score((v) => m.forwardBatched(v)),
        x,
        { h: 1e-2 },
      );
      expect(maxRelativeError(ours.dataSync(), numeric)).toBeLessThan(5e-3);
      expect(maxRelativeError(ours.dataSync(), plain.dataSync())).toBeLessThan(1e-5);
      tf.dispose([ours, plain]);
      m.dispose();
    });
    tf.dispose([x, ...weights]);
    gm.dispose();
  });
});

/** `x → Switch → (Relu | Tanh) → Merge`, the branch picked by the sign of sum(x). */
function conditionalNodes() {
  return [
    placeholderNode('x', [-1, 4]),
    constNode('axes', [1], 'int32'),
    constNode('zero', []),
    { name: 'total', op: 'Sum', input: ['x', 'axes'], attr: { T: FLOAT, keep_dims: bool(false) } },
    { name: 'any', op: 'Sum', input: ['total', 'axes'], attr: { T: FLOAT, keep_dims: bool(false) } },
    opNode('positive', 'Greater', ['any', 'zero']),
    opNode('switch', 'Switch', ['x', 'positive']),
    opNode('negative_branch', 'Relu', ['switch']),
    opNode('positive_branch', 'Tanh', ['switch:1']),
    {
      name: 'merge',
      op: 'Merge',
      input: ['negative_branch', 'positive_branch'],
      attr: { T: FLOAT, N: { i: '2' } },
    },
  ];
}

/** A while loop doubling x until its sum passes a bound (Enter/Merge/LoopCond/Switch/NextIteration/Exit). */
function loopNodes() {
  const frame = { frame_name: str('loop'), T: FLOAT };
  return [
    placeholderNode('x', [-1, 4]),
    constNode('axes', [2], 'int32'),
    constNode('bound', []),
    constNode('two', []),
    { name: 'enter', op: 'Enter', input: ['x'], attr: frame },
    { name: 'merge', op: 'Merge', input: ['enter', 'next'], attr: { T: FLOAT, N: { i: '2' } } },
    { name: 'total', op: 'Sum', input: ['merge', 'axes'], attr: { T: FLOAT, keep_dims: bool(false) } },
    opNode('less', 'Less', ['total', 'bound']),
    { name: 'cond', op: 'LoopCond', input: ['less'] },
    opNode('switch', 'Switch', ['merge', 'cond']),
    opNode('body', 'Mul', ['switch:1', 'two']),
    opNode('next', 'NextIteration', ['body']),
    opNode('exit', 'Exit', ['switch']),
  ];
}

describe('control flow gets a typed error, not a wrong answer', () => {
  it.each([
    ['Switch/Merge (a conditional)', conditionalNodes(), /Switch, Merge|Merge, Switch/],
    ['a while loop', loopNodes(), /Enter|Exit|LoopCond|NextIteration/],
  ] as const)('%s', async (_name, nodes, message) => {
    // The Const nodes' values: reduction axes, and scalars (the loop's factor 2 and bound 100).
    const values: Record<string, tf.Tensor> = {
      axes: tf.tensor1d(nodes.some((n) => n.op === 'Enter') ? [0, 1] : [0], 'int32'),
      zero: tf.scalar(0),
      two: tf.scalar(2),
      bound: tf.scalar(100),
    };
    for (const name of Object.keys(values)) {
      if (!nodes.some((n) => n.name === name)) {
        values[name].dispose();
        delete values[name];
      }
    }
    const gm = await graphModelFromNodes(nodes, values);
    const err = await expectThrowsWithoutLeaks(() => wrapModel(gm));
    expect(err).toBeInstanceOf(UnsupportedModelError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/executeAsync/);
    tf.dispose(Object.values(values));
    gm.dispose();
  });
});
