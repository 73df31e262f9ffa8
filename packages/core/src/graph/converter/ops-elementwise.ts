import * as tf from '@tensorflow/tfjs-core';
import type { ActivationSpec, NodeOp } from '../types.js';
import { type InputValue, type NodeContext, NotTranslatable } from './node-context.js';

/** Converter ops that are a Loupe activation (elementwise, one input). */
const UNARY: Record<string, string> = {
  Relu: 'relu',
  Relu6: 'relu6',
  Elu: 'elu',
  Selu: 'selu',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  Softplus: 'softplus',
  Softsign: 'softsign',
  Exp: 'exp',
  Log: 'log',
  Sqrt: 'sqrt',
  Rsqrt: 'rsqrt',
  Square: 'square',
  Abs: 'abs',
  Reciprocal: 'reciprocal',
  Inv: 'reciprocal',
  Erf: 'erf',
  Sin: 'sin',
  Cos: 'cos',
  Softmax: 'softmax',
  LogSoftmax: 'logSoftmax',
  Swish: 'swish',
  Mish: 'mish',
  Gelu: 'gelu',
};

/** Whether the converter op is an elementwise activation Loupe knows. */
export function isUnaryActivation(op: string): boolean {
  return op in UNARY || op === 'LeakyRelu' || op === 'Prelu' || op === 'Neg';
}

/** Relu, Sigmoid, Tanh, …, LeakyRelu, Prelu (constant slopes) and Neg. */
export function unary(ctx: NodeContext): number {
  const x = ctx.nodeId('x');
  const op = ctx.node.op;
  if (op === 'Neg') return ctx.emit({ kind: 'affine', scale: ctx.own(tf.scalar(-1)), shift: null }, [x]);
  let activation: ActivationSpec;
  if (op === 'LeakyRelu') activation = { name: 'leakyRelu', alpha: ctx.attr<number>('alpha', 0.2) };
  else if (op === 'Prelu') activation = { name: 'prelu', slopes: ctx.constant('alpha') };
  else activation = { name: UNARY[op] };
  return ctx.emit({ kind: 'activation', activation }, [x]);
}

const MERGE: Record<string, Extract<NodeOp, { kind: 'merge' }>['merge']> = {
  Add: 'add',
  AddV2: 'add',
  BiasAdd: 'add',
  Sub: 'subtract',
  Mul: 'multiply',
  RealDiv: 'divide',
  Div: 'divide',
  DivNoNan: 'divide',
  Maximum: 'maximum',
  Minimum: 'minimum',
};

/** Whether the converter op is a binary elementwise op handled here. */
export function isBinary(op: string): boolean {
  return op in MERGE;
}

function scalarOf(t: tf.Tensor): number | null {
  return t.size === 1 ? t.dataSync()[0] : null;
}

/** A binary op with one constant operand: an affine op, a clip, or c / x. */
function withConstant(ctx: NodeContext, x: number, c: tf.Tensor, constantFirst: boolean): number {
  if (c.dtype !== 'float32') throw new NotTranslatable(`a ${c.dtype} constant`);
  const merge = MERGE[ctx.node.op];
  switch (merge) {
    case 'add':
      return ctx.emit({ kind: 'affine', scale: null, shift: c }, [x]);
    case 'subtract':
      return constantFirst
        ? ctx.emit({ kind: 'affine', scale: ctx.own(tf.scalar(-1)), shift: c }, [x])
        : ctx.emit({ kind: 'affine', scale: null, shift: ctx.own(tf.neg(c)) }, [x]);
    case 'multiply':
      return ctx.emit({ kind: 'affine', scale: c, shift: null }, [x]);
    case 'divide': {
      if (!constantFirst)
        return ctx.emit({ kind: 'affine', scale: ctx.own(tf.reciprocal(c)), shift: null }, [x]);
      const inv = ctx.emit({ kind: 'activation', activation: { name: 'reciprocal' } }, [x], '/reciprocal');
      return ctx.emit({ kind: 'affine', scale: c, shift: null }, [inv]);
    }
    case 'maximum':
    case 'minimum': {
      const bound = scalarOf(c);
      if (bound === null) throw new NotTranslatable('a clip with a non-scalar bound');
      const activation: ActivationSpec =
        merge === 'maximum' ? { name: 'clip', min: bound } : { name: 'clip', max: bound };
      return ctx.emit({ kind: 'activation', activation }, [x]);
    }
    default:
      throw new NotTranslatable('binary op');
  }
}

/** Add, Sub, Mul, RealDiv, Maximum, Minimum, BiasAdd: with a constant operand or between computed values. */
export function binary(ctx: NodeContext): number {
  const [a, b] = [ctx.value('a'), ctx.value('b')];
  if (a.kind === 'shape' || b.kind === 'shape') {
    const ids = [ctx.operand('a'), ctx.operand('b')];
    if (a.kind === 'const' || b.kind === 'const' || ids.includes(null)) throw new NotTranslatable('operands');
    return ctx.emit({ kind: 'merge', merge: MERGE[ctx.node.op] }, ids as number[]);
  }
  if (a.kind === 'node' && b.kind === 'node')
    return ctx.emit({ kind: 'merge', merge: MERGE[ctx.node.op] }, [a.id, b.id]);
  if (a.kind === 'node' && b.kind === 'const') return withConstant(ctx, a.id, b.tensor, false);
  if (a.kind === 'const' && b.kind === 'node') return withConstant(ctx, b.id, a.tensor, true);
  throw new NotTranslatable('no computed operand');
}

/** SquaredDifference as (a − b)², whose broadcast gradient tfjs's own kernel gets wrong. */
export function squaredDifference(ctx: NodeContext): number {
  const a = ctx.value('a');
  const b = ctx.value('b');
  let diff: number;
  if (a.kind === 'const' || b.kind === 'const') {
    const [x, c] =
      a.kind === 'const'
        ? [ctx.operand('b'), a.tensor]
        : [ctx.operand('a'), (b as { tensor: tf.Tensor }).tensor];
    if (x === null || c.dtype !== 'float32') throw new NotTranslatable('operands');
    diff = ctx.emit({ kind: 'affine', scale: null, shift: ctx.own(tf.neg(c)) }, [x], '/difference');
  } else {
    diff = ctx.emit(
      { kind: 'merge', merge: 'subtract' },
      [ctx.operand('a') as number, ctx.operand('b') as number],
      '/difference',
    );
  }
  return ctx.emit({ kind: 'activation', activation: { name: 'square' } }, [diff]);
}

/** AddN: the computed terms merged, the constant terms one shift. */
export function addN(ctx: NodeContext): number {
  const values: InputValue[] = ctx.values('tensors');
  const ids = values.flatMap((v) => (v.kind === 'node' ? [v.id] : []));
  const consts = values.flatMap((v) => (v.kind === 'const' ? [v.tensor] : []));
  if (ids.length === 0 || values.some((v) => v.kind === 'shape')) throw new NotTranslatable('AddN operands');
  let id =
    ids.length === 1 ? ids[0] : ctx.emit({ kind: 'merge', merge: 'add' }, ids, consts.length ? '/terms' : '');
  if (consts.length) {
    const shift = consts.length === 1 ? consts[0] : ctx.own(tf.addN(consts));
    id = ctx.emit({ kind: 'affine', scale: null, shift }, [id]);
  }
  return id;
}
