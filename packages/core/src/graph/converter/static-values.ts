import type * as tfc from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import type { ConverterNode, InputValue } from './node-context.js';
import { evaluateStatic, type HostValue, hostOf, resolved, shapeValue } from './static-eval.js';

const SHAPE_OPS = new Set(['Shape', 'Size', 'Rank']);
/** Constants larger than this are weights, never shape arithmetic. */
const SMALL = 4096;

/**
 * The values of converter nodes that do not depend on the input's values: constants, and the shape
 * computations converter graphs do on intermediate tensors. Shapes of intermediate tensors come from one
 * converter run on a batch-1 input of zeros, made only when the graph asks for a shape.
 */
export class StaticValues {
  private shapes: Map<string, number[]> | null = null;

  constructor(
    private readonly model: tfc.GraphModel,
    private readonly order: readonly ConverterNode[],
    private readonly owned: tf.Tensor[],
  ) {}

  /** Shapes of every tensor a Shape/Size/Rank node reads, from one forward pass on zeros. */
  private shapeOf(name: string): number[] | undefined {
    if (!this.shapes) {
      const wanted = [...new Set(this.order.filter((n) => SHAPE_OPS.has(n.op)).map((n) => n.inputNames[0]))];
      const feeds: Record<string, tf.Tensor> = {};
      for (const input of this.model.inputs) {
        feeds[input.name] = tf.zeros(
          (input.shape ?? []).map((d) => (d > 0 ? d : 1)),
          input.dtype,
        );
      }
      this.shapes = new Map();
      try {
        const out = this.model.execute(feeds, wanted);
        const list = Array.isArray(out) ? out : [out];
        for (const [k, w] of wanted.entries()) this.shapes.set(w, list[k].shape);
        tf.dispose(list);
      } catch {
        // A graph the converter cannot run synchronously: its shape ops run as converter ops instead.
      } finally {
        tf.dispose(Object.values(feeds));
      }
    }
    return this.shapes.get(name);
  }

  private host(v: InputValue): HostValue | null {
    if (v.kind === 'const')
      return v.host ?? (v.tensor.size <= SMALL ? hostOf(v.tensor.dataSync(), v.tensor.shape) : null);
    return null;
  }

  /** The value of a node whose inputs are all static (or a shape op of a computed tensor). */
  valueOf(node: ConverterNode, inputs: readonly InputValue[]): InputValue {
    const shapeDependent = SHAPE_OPS.has(node.op) || inputs.some((v) => v.kind === 'const' && v.host);
    if (shapeDependent) {
      const host = this.evaluate(node, inputs);
      if (!host) return { kind: 'shape' };
      const tensor = tf.tensor(resolved(host), host.shape, 'int32');
      this.owned.push(tensor);
      return { kind: 'const', tensor, host };
    }
    if (inputs.some((v) => v.kind !== 'const')) return { kind: 'shape' };
    try {
      const t = this.model.execute({}, node.name) as tf.Tensor;
      this.owned.push(t);
      return { kind: 'const', tensor: t };
    } catch {
      return { kind: 'shape' };
    }
  }

  private evaluate(node: ConverterNode, inputs: readonly InputValue[]): HostValue | null {
    if (SHAPE_OPS.has(node.op)) {
      const v = inputs[0];
      const shape =
        v.kind === 'const'
          ? v.tensor.shape
          : v.kind === 'node'
            ? this.shapeOf(node.inputNames[0])
            : undefined;
      if (!shape) return null;
      const value = v.kind === 'const' ? hostOf(shape, [shape.length]) : shapeValue(shape);
      if (node.op === 'Shape') return value;
      if (node.op === 'Rank') return hostOf([shape.length], []);
      return evaluateStatic('Size', [value], () => undefined as never);
    }
    const hosts = inputs.map((v) => this.host(v));
    if (hosts.some((h) => h === null)) return null;
    const attr = <T>(name: string, fallback: T): T =>
      (node.attrParams[name]?.value as T | undefined) ?? fallback;
    return evaluateStatic(node.op, hosts as HostValue[], attr);
  }
}
