import type * as tf from '@tensorflow/tfjs-core';
import type { GraphEmitter } from '../emitter.js';
import type { NodeOp } from '../types.js';
import { type HostValue, resolved } from './static-eval.js';

/** The parts of tfjs-converter's executor graph node Loupe reads (not in the converter's public typings). */
export interface ConverterNode {
  name: string;
  op: string;
  inputNames: string[];
  inputs: ConverterNode[];
  attrParams: Record<string, { value?: unknown }>;
  inputParams: Record<string, { type: string; inputIndexStart?: number; inputIndexEnd?: number }>;
  /** The GraphDef attributes as written in model.json, including those the converter does not parse. */
  rawAttrs?: Record<string, { f?: number; i?: string | number }>;
}

/** What a converter input resolves to while translating. */
export type InputValue =
  /** A value computed from the model input: an explanation-graph node. */
  | { kind: 'node'; id: number }
  /** A constant (weights, shapes, axes). */
  | { kind: 'const'; tensor: tf.Tensor; host?: HostValue }
  /** Derived from a tensor's shape at run time (Shape/Size/Rank): only the converter can evaluate it. */
  | { kind: 'shape' };

/** Thrown by a translation rule for a configuration it does not handle: the node runs as the converter op. */
export class NotTranslatable extends Error {}

/**
 * One converter node being translated: its inputs (resolved to graph nodes or constants), its attributes,
 * and `emit` to add explanation-graph nodes named after it.
 */
export class NodeContext {
  constructor(
    readonly node: ConverterNode,
    private readonly resolved: readonly InputValue[],
    private readonly emitter: GraphEmitter,
    /** Tensors the translation creates (transposed or folded weights); the graph disposes them. */
    readonly owned: tf.Tensor[],
    /** Emits a converter-evaluated node for an input only the converter can compute (index into inputs). */
    private readonly materialize: (index: number) => number = () => {
      throw new NotTranslatable('a shape-derived operand');
    },
  ) {}

  /**
   * The graph node of an input that is computed, or evaluated by the converter when it derives from shapes
   * in ways Loupe does not evaluate (so an op with such an operand still runs through the graph).
   */
  operand(param: string): number | null {
    const v = this.value(param);
    if (v.kind === 'node') return v.id;
    if (v.kind === 'shape') return this.materialize(this.range(param)[0]);
    return null;
  }

  /** Converter attribute by its tfjs name (e.g. `strides`, `pad`, `fusedOps`). */
  attr<T>(name: string, fallback?: T): T {
    const v = this.node.attrParams[name]?.value;
    return (v === undefined ? fallback : v) as T;
  }

  /**
   * A numeric GraphDef attribute the converter does not parse for this op (e.g. a fused depthwise
   * convolution's `leakyrelu_alpha`), by its TensorFlow name; undefined when absent.
   */
  rawNumber(tfName: string): number | undefined {
    const raw = this.node.rawAttrs?.[tfName];
    if (raw?.f !== undefined) return Number(raw.f);
    return raw?.i !== undefined ? Number(raw.i) : undefined;
  }

  /** Indices into the node's inputs of a named input parameter (`[start, end)`). */
  private range(param: string): [number, number] {
    const p = this.node.inputParams[param];
    if (!p || p.inputIndexStart === undefined) throw new NotTranslatable(`no input "${param}"`);
    const n = this.resolved.length;
    const start = p.inputIndexStart < 0 ? n + p.inputIndexStart : p.inputIndexStart;
    const end =
      p.inputIndexEnd === undefined
        ? start + 1
        : p.inputIndexEnd === 0
          ? n
          : p.inputIndexEnd < 0
            ? n + p.inputIndexEnd
            : p.inputIndexEnd;
    return [start, end];
  }

  /** The resolved inputs of a named parameter. */
  values(param: string): InputValue[] {
    const [start, end] = this.range(param);
    return this.resolved.slice(start, end);
  }

  /** The one resolved input of a named parameter. */
  value(param: string): InputValue {
    return this.values(param)[0];
  }

  /** Whether the named input exists. */
  has(param: string): boolean {
    const p = this.node.inputParams[param];
    return p !== undefined && p.inputIndexStart !== undefined && this.range(param)[0] < this.resolved.length;
  }

  /** The graph node id of a computed input; throws `NotTranslatable` for constants. */
  nodeId(param: string): number {
    const v = this.value(param);
    if (v.kind !== 'node') throw new NotTranslatable(`input "${param}" is not computed from the model input`);
    return v.id;
  }

  /** The constant tensor of an input; throws `NotTranslatable` when it is computed. */
  constant(param: string): tf.Tensor {
    const v = this.value(param);
    if (v.kind !== 'const') throw new NotTranslatable(`input "${param}" is not a constant`);
    return v.tensor;
  }

  /** A constant input read as numbers (shapes, axes, paddings). */
  numbers(param: string): number[] {
    const v = this.value(param);
    if (v.kind === 'const' && v.host) return resolved(v.host);
    return Array.from(this.constant(param).dataSync());
  }

  /** The host value of a shape computation feeding `param` (which entries stand for the batch), if any. */
  host(param: string): HostValue | undefined {
    const v = this.value(param);
    return v.kind === 'const' ? v.host : undefined;
  }

  /** Adds a node named after this converter node (plus `suffix`) and returns its id. */
  emit(op: NodeOp, inputs: readonly number[], suffix = ''): number {
    return this.emitter.emit(this.node.name + suffix, this.node.op, inputs, op);
  }

  /** Keeps a tensor the translation created, to be disposed with the graph. */
  own<T extends tf.Tensor>(t: T): T {
    this.owned.push(t);
    return t;
  }
}
