import * as tf from '@tensorflow/tfjs-core';
import { LINEAR } from '../activations.js';
import { padMove } from '../moves.js';
import type { ActivationSpec, LinearOp } from '../types.js';
import { type NodeContext, NotTranslatable } from './node-context.js';

/** Converter fused-activation names → activation specs. */
function fusedActivation(ctx: NodeContext, name: string | undefined, args: tf.Tensor[]): ActivationSpec {
  switch (name) {
    case undefined:
    case '':
      return LINEAR;
    case 'relu':
      return { name: 'relu' };
    case 'relu6':
      return { name: 'relu6' };
    case 'elu':
      return { name: 'elu' };
    case 'selu':
      return { name: 'selu' };
    case 'sigmoid':
      return { name: 'sigmoid' };
    case 'tanh':
      return { name: 'tanh' };
    case 'leakyrelu':
      // tfjs-converter parses leakyrelu_alpha for _FusedConv2D and _FusedMatMul, not for depthwise ones.
      return {
        name: 'leakyRelu',
        alpha: ctx.attr<number | undefined>('leakyreluAlpha') ?? ctx.rawNumber('leakyrelu_alpha') ?? 0.2,
      };
    case 'prelu':
      return { name: 'prelu', slopes: args[args.length - 1] };
    default:
      throw new NotTranslatable(`fused activation "${name}"`);
  }
}

function spatial(v: readonly number[]): [number, number] {
  return [v[1], v[2]];
}

function requireNhwc(ctx: NodeContext): void {
  const format = ctx.attr<string>('dataFormat', 'nhwc').toLowerCase();
  if (format !== 'nhwc') throw new NotTranslatable(`data format ${format}`);
}

/** Padding of a conv: 'same'/'valid', or an explicit Pad node in front of a 'valid' conv. */
function paddedInput(ctx: NodeContext, input: number): { input: number; padding: 'same' | 'valid' } {
  const pad = ctx.attr<string>('pad', 'valid');
  if (pad === 'same' || pad === 'valid') return { input, padding: pad };
  const p = ctx.attr<number[]>('explicitPaddings', []);
  const pairs: [number, number][] = [0, 1, 2, 3].map((i) => [p[2 * i] ?? 0, p[2 * i + 1] ?? 0]);
  return { input: ctx.emit(padMove(pairs, 0, 'ExplicitPadding'), [input], '/pad'), padding: 'valid' };
}

/** Extra arguments of a fused op: BiasAdd's bias and PReLU's slopes, or FusedBatchNorm's four. */
function fusedParts(ctx: NodeContext): {
  bias: tf.Tensor1D | null;
  batchNorm: tf.Tensor[] | null;
  activation: ActivationSpec;
} {
  const [extra, act] = ctx.attr<string[]>('fusedOps', []);
  const args = ctx.has('args')
    ? ctx.values('args').map((v) => {
        if (v.kind !== 'const') throw new NotTranslatable('a fused argument is computed');
        return v.tensor;
      })
    : [];
  if (extra === 'fusedbatchnorm') {
    return { bias: null, batchNorm: args.slice(0, 4), activation: fusedActivation(ctx, act, args) };
  }
  const hasBias = extra === 'biasadd';
  const activation = fusedActivation(ctx, hasBias ? act : extra, args);
  return { bias: hasBias ? (args[0] as tf.Tensor1D) : null, batchNorm: null, activation };
}

/** Emits a linear op, with a FusedBatchNorm (scale, offset, mean, variance) after it when fused. */
function emitLinear(ctx: NodeContext, op: LinearOp, input: number, batchNorm: tf.Tensor[] | null): number {
  if (!batchNorm) return ctx.emit(op, [input]);
  const linear = ctx.emit({ ...op, activation: LINEAR } as LinearOp, [input], '/linear');
  const [gamma, beta, mean, variance] = batchNorm as tf.Tensor1D[];
  const bn = ctx.emit(
    {
      kind: 'batchnorm',
      gamma,
      beta,
      mean,
      variance,
      epsilon: ctx.attr<number | undefined>('epsilon') ?? ctx.rawNumber('epsilon') ?? 1e-4,
    },
    [linear],
    op.activation.name === 'linear' ? '' : '/batchnorm',
  );
  return op.activation.name === 'linear'
    ? bn
    : ctx.emit({ kind: 'activation', activation: op.activation }, [bn]);
}

/** Conv2D and _FusedConv2D. */
export function convolution(ctx: NodeContext): number {
  requireNhwc(ctx);
  const fused = ctx.node.op.startsWith('_Fused')
    ? fusedParts(ctx)
    : { bias: null, batchNorm: null, activation: LINEAR };
  const { input, padding } = paddedInput(ctx, ctx.nodeId('x'));
  const op: LinearOp = {
    kind: 'conv',
    rank: 2,
    kernel: ctx.constant('filter'),
    bias: fused.bias,
    activation: fused.activation,
    strides: spatial(ctx.attr<number[]>('strides', [1, 1, 1, 1])),
    padding,
    dilations: spatial(ctx.attr<number[]>('dilations', [1, 1, 1, 1])),
  };
  return emitLinear(ctx, op, input, fused.batchNorm);
}

/** DepthwiseConv2dNative and FusedDepthwiseConv2dNative. */
export function depthwise(ctx: NodeContext): number {
  requireNhwc(ctx);
  const fused = ctx.node.op.startsWith('Fused')
    ? fusedParts(ctx)
    : { bias: null, batchNorm: null, activation: LINEAR };
  const x = ctx.has('input') ? ctx.nodeId('input') : ctx.nodeId('x');
  const { input, padding } = paddedInput(ctx, x);
  const op: LinearOp = {
    kind: 'depthwise',
    kernel: ctx.constant('filter') as tf.Tensor4D,
    bias: fused.bias,
    activation: fused.activation,
    strides: spatial(ctx.attr<number[]>('strides', [1, 1, 1, 1])),
    padding,
    dilations: spatial(ctx.attr<number[]>('dilations', [1, 1, 1, 1])),
  };
  return emitLinear(ctx, op, input, fused.batchNorm);
}

/** Conv2DBackpropInput used as a transposed convolution (output size from a constant). */
export function transposedConvolution(ctx: NodeContext): number {
  requireNhwc(ctx);
  const pad = ctx.attr<string>('pad', 'valid');
  if (pad !== 'same' && pad !== 'valid') throw new NotTranslatable(`padding ${pad}`);
  const shape = ctx.numbers('outputShape');
  return ctx.emit(
    {
      kind: 'conv-transpose',
      kernel: ctx.constant('filter') as tf.Tensor4D,
      bias: null,
      activation: LINEAR,
      strides: spatial(ctx.attr<number[]>('strides', [1, 1, 1, 1])),
      padding: pad,
      outputShape: [shape[1], shape[2], shape[3]],
    },
    [ctx.nodeId('x')],
  );
}

/** MatMul, BatchMatMul(V2) and _FusedMatMul with a constant right-hand matrix: a dense op. */
export function matMul(ctx: NodeContext): number {
  const [left, right] = [ctx.value('a'), ctx.value('b')];
  const transposeA = ctx.attr<boolean>('transposeA', false);
  const transposeB = ctx.attr<boolean>('transposeB', false);
  const plain = right.kind === 'const' && right.tensor.rank === 2 && !transposeA;
  if (ctx.node.op !== '_FusedMatMul' && !plain) {
    // Products the dense op does not cover: two computed operands, a constant on the left, batched constants.
    const constant =
      left.kind === 'const'
        ? { side: 0 as const, tensor: left.tensor }
        : right.kind === 'const'
          ? { side: 1 as const, tensor: right.tensor }
          : null;
    const inputs = constant
      ? [ctx.operand(constant.side === 0 ? 'b' : 'a')]
      : [ctx.operand('a'), ctx.operand('b')];
    if (inputs.includes(null)) throw new NotTranslatable('no computed operand');
    return ctx.emit({ kind: 'matmul', transposeA, transposeB, constant }, inputs as number[]);
  }
  if (ctx.attr<boolean>('transposeA', false)) throw new NotTranslatable('transposed left operand');
  const b = ctx.constant('b');
  if (b.rank !== 2) throw new NotTranslatable('a batched right-hand matrix');
  const kernel = (ctx.attr<boolean>('transposeB', false) ? ctx.own(tf.transpose(b)) : b) as tf.Tensor2D;
  const fused =
    ctx.node.op === '_FusedMatMul' ? fusedParts(ctx) : { bias: null, batchNorm: null, activation: LINEAR };
  if (fused.batchNorm) throw new NotTranslatable('a matmul with a fused batch norm');
  return ctx.emit({ kind: 'dense', kernel, bias: fused.bias, activation: fused.activation }, [
    ctx.nodeId('a'),
  ]);
}

/** FusedBatchNorm(V2/V3) at inference, with constant statistics. */
export function batchNorm(ctx: NodeContext): number {
  requireNhwc(ctx);
  return ctx.emit(
    {
      kind: 'batchnorm',
      gamma: ctx.constant('scale') as tf.Tensor1D,
      beta: ctx.constant('offset') as tf.Tensor1D,
      mean: ctx.constant('mean') as tf.Tensor1D,
      variance: ctx.constant('variance') as tf.Tensor1D,
      epsilon: ctx.attr<number>('epsilon', 1e-3),
    },
    [ctx.nodeId('x')],
  );
}
