import type * as tf from '@tensorflow/tfjs';
import { buildGraph } from '../graph/build.js';
import { disposeGraph, foldBatchNorm } from '../graph/fold-batchnorm.js';
import { runGraph } from '../graph/run.js';
import type { ExplanationGraph, GraphNode } from '../graph/types.js';
import type { Forwarder } from './forwarder.js';
import type { LayerInfo } from './types.js';

function endsWithSoftmax(graph: ExplanationGraph): boolean {
  const op = graph.nodes[graph.output].op;
  return 'activation' in op && op.activation.name === 'softmax';
}

function layerInfos(graph: ExplanationGraph): LayerInfo[] {
  const info = (name: string, node: GraphNode, className = node.className): LayerInfo => ({
    name,
    className,
    outputShape: node.outputShape,
    spatial:
      node.outputShape.length === 4 && (node.outputShape[1] ?? 2) > 1 && (node.outputShape[2] ?? 2) > 1,
  });
  const rows = graph.nodes.map((n) => info(n.name, n));
  for (const [name, id] of graph.byName) {
    if (graph.nodes[id].name !== name) rows.push(info(name, graph.nodes[id], 'Model'));
  }
  return rows;
}

/** Runs a LayersModel through its explanation graph (folded for speed, unfolded for folded-away layers). */
export class LayersForwarder implements Forwarder {
  readonly kind = 'layers';
  readonly inputShape;
  readonly outputShape;
  readonly endsWithSoftmax: boolean;
  readonly layers: readonly LayerInfo[];
  graph: ExplanationGraph;
  readonly unfoldedGraph: ExplanationGraph;

  constructor(model: tf.LayersModel, fold: boolean) {
    this.inputShape = model.inputs[0].shape;
    this.outputShape = model.outputs[0].shape;
    this.unfoldedGraph = buildGraph(model);
    this.graph = fold ? foldBatchNorm(this.unfoldedGraph) : this.unfoldedGraph;
    this.endsWithSoftmax = endsWithSoftmax(this.unfoldedGraph);
    this.layers = layerInfos(this.unfoldedGraph);
  }

  private graphFor(layer: string): ExplanationGraph {
    return this.graph.byName.has(layer) ? this.graph : this.unfoldedGraph;
  }

  forward(x: tf.Tensor, preSoftmax: boolean): tf.Tensor {
    return runGraph(this.graph, x, { skipOutputActivation: preSoftmax });
  }

  activations(x: tf.Tensor, layers: readonly string[]): tf.Tensor[] {
    return layers.map((name) => {
      const g = this.graphFor(name);
      return runGraph(g, x, { until: g.byName.get(name) });
    });
  }

  forwardFrom(x: tf.Tensor, layer: string, activation: tf.Tensor, preSoftmax: boolean): tf.Tensor {
    const g = this.graphFor(layer);
    const id = g.byName.get(layer) as number;
    return runGraph(g, x, { overrides: new Map([[id, activation]]), skipOutputActivation: preSoftmax });
  }

  refresh(): void {
    // The unfolded graph reads the layers' variables live (tfjs assigns new weights in place); only the
    // folded weights are copies that go stale.
    if (this.graph === this.unfoldedGraph) return;
    disposeGraph(this.graph);
    this.graph = foldBatchNorm(this.unfoldedGraph);
  }

  dispose(): void {
    if (this.graph !== this.unfoldedGraph) disposeGraph(this.graph);
  }
}
