import type * as tf from '@tensorflow/tfjs';
import type { Forwarder } from './forwarder.js';
import type { LayerInfo } from './types.js';

// The parts of tfjs-converter's executor graph Loupe reads (not in its public typings).
interface ConverterNode {
  name: string;
  op: string;
  inputs: ConverterNode[];
}
interface ConverterGraph {
  nodes: Record<string, ConverterNode>;
  outputs: ConverterNode[];
}

function executorGraph(model: tf.GraphModel): ConverterGraph {
  return (model as unknown as { executor: { graph: ConverterGraph } }).executor.graph;
}

const HIDDEN_OPS = new Set(['Const', 'Placeholder', 'Identity', 'NoOp']);

/** Runs a converted GraphModel with `execute`, naming graph nodes as layers. */
export class GraphForwarder implements Forwarder {
  readonly kind = 'graph';
  readonly inputShape;
  readonly outputShape;
  readonly endsWithSoftmax: boolean;
  readonly layers: readonly LayerInfo[];
  readonly graph = null;
  readonly unfoldedGraph = null;
  private readonly inputName: string;
  private readonly outputName: string;
  private readonly preSoftmaxName: string | null;

  constructor(private readonly model: tf.GraphModel) {
    const input = model.inputs[0];
    this.inputName = input.name;
    this.inputShape = input.shape ? input.shape.map((d) => (d < 0 ? null : d)) : null;
    const out = model.outputs[0];
    this.outputShape = out.shape ? out.shape.map((d) => (d < 0 ? null : d)) : null;
    const graph = executorGraph(model);
    const last = graph.outputs[0];
    this.outputName = last.name;
    this.endsWithSoftmax = last.op === 'Softmax';
    this.preSoftmaxName = this.endsWithSoftmax ? last.inputs[0].name : null;
    this.layers = Object.values(graph.nodes)
      .filter((n) => !HIDDEN_OPS.has(n.op))
      .map((n) => ({ name: n.name, className: n.op, outputShape: [], spatial: /Conv|Pool|Relu/.test(n.op) }));
  }

  forward(x: tf.Tensor, preSoftmax: boolean): tf.Tensor {
    const name = preSoftmax && this.preSoftmaxName ? this.preSoftmaxName : this.outputName;
    return this.model.execute({ [this.inputName]: x }, name) as tf.Tensor;
  }

  activations(x: tf.Tensor, layers: readonly string[]): tf.Tensor[] {
    const out = this.model.execute({ [this.inputName]: x }, [...layers]);
    return Array.isArray(out) ? out : [out];
  }

  forwardFrom(x: tf.Tensor, layer: string, activation: tf.Tensor, preSoftmax: boolean): tf.Tensor {
    // The executor accepts any node as a feed and cuts the graph there.
    const name = preSoftmax && this.preSoftmaxName ? this.preSoftmaxName : this.outputName;
    return this.model.execute({ [this.inputName]: x, [layer]: activation }, name) as tf.Tensor;
  }

  refresh(): void {}

  dispose(): void {}
}
