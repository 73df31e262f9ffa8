import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { isKnownActivation } from './activations.js';
import type { GraphEmitter } from './emitter.js';
import { concatMove, packMove } from './moves.js';
import type { ActivationSpec, NodeOp } from './types.js';

type Config = Record<string, unknown>;

/** Where one recurrent layer call sits in the graph being built. */
export interface RecurrentCall {
  emitter: GraphEmitter;
  /** Node names start with this (the layer's name). */
  base: string;
  /** Id of the node feeding the sequence `[N, T, F]`. */
  input: number;
  /** Sequence length T (known: the layer is unrolled over it). */
  steps: number;
}

const RECURRENT = new Set(['LSTM', 'GRU', 'SimpleRNN']);

/** Whether `unrollRecurrent` handles this layer class (directly or inside Bidirectional). */
export function isRecurrentLayer(layer: tfl.layers.Layer): boolean {
  const cls = layer.getClassName();
  if (cls === 'Bidirectional') {
    const inner = (layer as unknown as { forwardLayer: tfl.layers.Layer }).forwardLayer;
    return RECURRENT.has(inner.getClassName());
  }
  return RECURRENT.has(cls);
}

function spec(value: unknown, fallback: string): ActivationSpec {
  const name = typeof value === 'string' ? value : fallback;
  if (!isKnownActivation(name)) throw new Error(`Unknown activation "${name}"`);
  return { name };
}

/** One time step's slice of a `[N, T, K]` node, as `[N, K]`. */
function stepSlice(t: number): NodeOp {
  return {
    kind: 'move',
    what: 'TimeStep',
    apply: (xs) =>
      tf.reshape(tf.slice(xs[0], [0, t, 0], [-1, 1, -1]), [
        xs[0].shape[0] as number,
        xs[0].shape[2] as number,
      ]),
  };
}

/** Columns `[k·units, (k+1)·units)` of a `[N, K]` node. */
function gateSlice(k: number, units: number): NodeOp {
  return { kind: 'move', what: 'Gate', apply: (xs) => tf.slice(xs[0], [0, k * units], [-1, units]) };
}

/** Emits one recurrent layer, unrolled; returns its output node ids (output, then states). */
function unrollCell(call: RecurrentCall, layer: tfl.layers.Layer): number[] {
  const cls = layer.getClassName();
  const cfg = layer.getConfig() as Config;
  const { emitter: e, base } = call;
  const units = Number(cfg.units);
  const act = spec(cfg.activation, 'tanh');
  const rec = spec(cfg.recurrentActivation, 'hardSigmoid');
  const w = layer.weights.map((v) => v.read());
  const [kernel, recurrentKernel] = [w[0] as tf.Tensor2D, w[1] as tf.Tensor2D];
  const bias = cfg.useBias !== false ? (w[2] as tf.Tensor1D) : null;
  const gates = cls === 'LSTM' ? 4 : cls === 'GRU' ? 3 : 1;
  const shape = [null, units];
  const projected = e.emit(
    `${base}/input-projection`,
    cls,
    [call.input],
    { kind: 'dense', kernel, bias, activation: { name: 'linear' } },
    [null, call.steps, gates * units],
  );
  const order = Array.from({ length: call.steps }, (_, t) => (cfg.goBackwards ? call.steps - 1 - t : t));
  let h = -1;
  let c = -1;
  // GRU's 1 − z as an affine op: the two scalars are created once and owned by the first step's node.
  let complement: [tf.Tensor, tf.Tensor] | null = null;
  const outputs: number[] = [];
  order.forEach((t, k) => {
    const p = `${base}/t${k}`;
    const first = k === 0;
    const xt = e.emit(`${p}/x`, cls, [projected], stepSlice(t), [null, gates * units]);
    const recurrent = (name: string, from: number) =>
      e.emit(
        name,
        cls,
        [from],
        { kind: 'dense', kernel: recurrentKernel, bias: null, activation: { name: 'linear' } },
        [null, gates * units],
      );
    const gate = (name: string, from: number, j: number, activation: ActivationSpec) => {
      const z = e.emit(`${name}/z`, cls, [from], gateSlice(j, units), shape);
      return e.emit(name, cls, [z], { kind: 'activation', activation }, shape);
    };
    const mul = (name: string, a: number, b: number) =>
      e.emit(name, cls, [a, b], { kind: 'merge', merge: 'multiply' }, shape);
    const add = (name: string, a: number, b: number) =>
      e.emit(name, cls, [a, b], { kind: 'merge', merge: 'add' }, shape);
    if (cls === 'LSTM') {
      const z = first ? xt : add(`${p}/z`, xt, recurrent(`${p}/recurrent`, h));
      const i = gate(`${p}/input-gate`, z, 0, rec);
      const f = gate(`${p}/forget-gate`, z, 1, rec);
      const g = gate(`${p}/cell-input`, z, 2, act);
      const o = gate(`${p}/output-gate`, z, 3, rec);
      const ig = mul(`${p}/input-gate*cell-input`, i, g);
      c = first ? ig : add(`${p}/cell`, mul(`${p}/forget-gate*cell`, f, c), ig);
      const squashed = e.emit(
        `${p}/cell-activation`,
        cls,
        [c],
        { kind: 'activation', activation: act },
        shape,
      );
      h = mul(`${p}/h`, o, squashed);
    } else if (cls === 'GRU') {
      const inner = first ? -1 : recurrent(`${p}/recurrent`, h);
      const pre = (j: number, name: string) =>
        first
          ? e.emit(`${p}/${name}-pre`, cls, [xt], gateSlice(j, units), shape)
          : add(
              `${p}/${name}-pre`,
              e.emit(`${p}/${name}-x`, cls, [xt], gateSlice(j, units), shape),
              e.emit(`${p}/${name}-h`, cls, [inner], gateSlice(j, units), shape),
            );
      const activate = (name: string, from: number, a: ActivationSpec) =>
        e.emit(`${p}/${name}`, cls, [from], { kind: 'activation', activation: a }, shape);
      const zGate = activate('update-gate', pre(0, 'update-gate'), rec);
      const xh = e.emit(`${p}/candidate-x`, cls, [xt], gateSlice(2, units), shape);
      let candidatePre = xh;
      if (!first) {
        const rGate = activate('reset-gate', pre(1, 'reset-gate'), rec);
        const rh = mul(`${p}/reset-gate*h`, rGate, h);
        const full = recurrent(`${p}/candidate-recurrent`, rh);
        candidatePre = add(
          `${p}/candidate-pre`,
          xh,
          e.emit(`${p}/candidate-h`, cls, [full], gateSlice(2, units), shape),
        );
      }
      const hh = activate('candidate', candidatePre, act);
      const flip = complement ?? [tf.scalar(-1), tf.scalar(1)];
      const keep = e.emit(
        `${p}/1-update-gate`,
        cls,
        [zGate],
        { kind: 'affine', scale: flip[0], shift: flip[1] },
        shape,
        complement ? [] : flip,
      );
      complement = flip;
      const fresh = mul(`${p}/(1-update-gate)*candidate`, keep, hh);
      h = first ? fresh : add(`${p}/h`, mul(`${p}/update-gate*h`, zGate, h), fresh);
    } else {
      const pre = first ? xt : add(`${p}/pre`, xt, recurrent(`${p}/recurrent`, h));
      h = e.emit(`${p}/h`, cls, [pre], { kind: 'activation', activation: act }, shape);
    }
    outputs.push(h);
  });
  const out = cfg.returnSequences
    ? e.emit(`${base}/sequence`, cls, outputs, packMove(1), [null, call.steps, units])
    : h;
  return cls === 'LSTM' ? [out, h, c] : [out, h];
}

/**
 * Unrolls an LSTM, GRU or SimpleRNN layer (or a Bidirectional wrapper of one) over its known sequence length
 * into plain graph ops: input projection, per-step recurrent products, gate activations, and the products
 * of gates with signals (which relevance methods treat with the signal-take-all rule, Arras et al. 2017).
 * Matches tfjs-layers' cells (GRU without reset-after). Returns the output ids by output tensor index.
 */
export function unrollRecurrent(call: RecurrentCall, layer: tfl.layers.Layer): number[] {
  if (layer.getClassName() !== 'Bidirectional') return unrollCell(call, layer);
  const bi = layer as unknown as {
    forwardLayer: tfl.layers.Layer;
    backwardLayer: tfl.layers.Layer;
    mergeMode: string | null;
  };
  const fwd = unrollCell({ ...call, base: `${call.base}/forward` }, bi.forwardLayer)[0];
  const bwd0 = unrollCell({ ...call, base: `${call.base}/backward` }, bi.backwardLayer)[0];
  const returnsSequence = (bi.forwardLayer.getConfig() as Config).returnSequences === true;
  // Keras reverses the backward layer's sequence output back to input time order.
  const bwd = returnsSequence
    ? call.emitter.emit(`${call.base}/backward/reversed`, 'Bidirectional', [bwd0], {
        kind: 'move',
        what: 'Reverse',
        apply: (xs) => tf.reverse(xs[0], 1),
      })
    : bwd0;
  const mode = bi.mergeMode ?? 'concat';
  const op: NodeOp =
    mode === 'concat'
      ? concatMove(-1, 'Bidirectional')
      : { kind: 'merge', merge: mode === 'sum' ? 'add' : mode === 'mul' ? 'multiply' : 'average' };
  return [call.emitter.emit(call.base, 'Bidirectional', [fwd, bwd], op)];
}
