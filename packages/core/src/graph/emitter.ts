import type * as tf from '@tensorflow/tfjs-core';
import type { ExplanationGraph, GraphNode, NodeOp } from './types.js';

/** Ids of the nodes that read each node. */
export function consumersOf(nodes: readonly GraphNode[]): number[][] {
  const out: number[][] = nodes.map(() => []);
  for (const n of nodes) for (const i of n.inputs) out[i].push(n.id);
  return out;
}

/**
 * Collects nodes in topological order while a model is translated (LayersModel layers or converter
 * nodes), then seals them into an `ExplanationGraph`.
 */
export class GraphEmitter {
  readonly nodes: GraphNode[] = [];
  readonly byName = new Map<string, number>();
  readonly warnings: string[] = [];

  /** Appends a node and returns its id; the name also becomes a `byName` entry. */
  emit(
    name: string,
    className: string,
    inputs: readonly number[],
    op: NodeOp,
    outputShape: readonly (number | null)[] = [],
    owned: readonly tf.Tensor[] = [],
  ): number {
    const id = this.nodes.length;
    this.nodes.push({ id, name, className, inputs: [...inputs], op, outputShape: [...outputShape], owned });
    this.byName.set(name, id);
    return id;
  }

  /** Records an op that runs outside Loupe's op table, once per op name. */
  warnOnce(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** The graph whose inputs and output are these nodes. */
  finish(inputs: readonly number[], output: number): ExplanationGraph {
    return {
      nodes: this.nodes,
      inputs: [...inputs],
      input: inputs[0],
      output,
      byName: this.byName,
      consumers: consumersOf(this.nodes),
      folded: [],
      warnings: this.warnings,
    };
  }
}
