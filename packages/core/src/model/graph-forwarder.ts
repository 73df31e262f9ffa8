import type * as tf from '@tensorflow/tfjs-core';
import type { OpRules } from '../graph/apply-op.js';
import { disposeGraph, foldGraph } from '../graph/fold.js';
import { type GraphFeed, runGraph } from '../graph/run.js';
import { inferShapes } from '../graph/shapes.js';
import type { ExplanationGraph, GraphNode } from '../graph/types.js';
import type { ModelInputShape } from '../input.js';
import type { Forwarder } from './forwarder.js';
import type { RawInputSpec } from './input-layout.js';
import type { LayerInfo } from './types.js';

/** How a graph is (re)built from its model, and what the build created. */
export interface GraphSource {
  kind: 'layers' | 'graph';
  /** The model's inputs: names, shapes (null batch) and declared dtypes. */
  inputs: readonly { name: string; shape: ModelInputShape | null; dtype: string }[];
  build(): { graph: ExplanationGraph; owned: readonly tf.Tensor[] };
  /** Whether `refresh` must rebuild the unfolded graph (it reads weights by reference otherwise). */
  rebuildOnRefresh: boolean;
}

/** The final squashing activation the logits view skips: softmax or sigmoid. */
function squashOf(node: GraphNode): 'softmax' | 'sigmoid' | null {
  const op = node.op;
  const act =
    op.kind === 'activation' ||
    op.kind === 'dense' ||
    op.kind === 'conv' ||
    op.kind === 'depthwise' ||
    op.kind === 'conv-transpose'
      ? op.activation.name
      : null;
  return act === 'softmax' || act === 'sigmoid' ? act : null;
}

/**
 * An input read only by embedding lookups holds token ids (int32, ids below the smallest table's rows); one
 * declared int32 does too.
 */
function tokenSpec(
  graph: ExplanationGraph,
  index: number,
  input: { name: string; shape: ModelInputShape | null; dtype: string },
): RawInputSpec {
  const id = graph.inputs[index];
  const readers = id === undefined ? [] : graph.consumers[id].map((c) => graph.nodes[c].op);
  const tables = readers.flatMap((op) => (op.kind === 'embedding' ? [op.table.shape[0]] : []));
  const lookups = readers.length > 0 && tables.length === readers.length;
  const dtype = lookups || input.dtype === 'int32' ? 'int32' : 'float32';
  return {
    name: input.name,
    shape: input.shape,
    dtype,
    ...(lookups ? { vocabulary: Math.min(...tables) } : {}),
  };
}

function isSpatial(shape: readonly (number | null)[]): boolean {
  return shape.length === 4 && (shape[1] ?? 2) > 1 && (shape[2] ?? 2) > 1;
}

/**
 * Runs any model through its explanation graph: a LayersModel translated layer by layer, a GraphModel
 * node by node, both then folded (BatchNorm and constant affine ops into linear ops). Layer questions
 * about names the folding merged away are answered from the unfolded graph.
 */
export class GraphForwarder implements Forwarder {
  readonly kind;
  readonly inputs: readonly RawInputSpec[];
  readonly squash: 'softmax' | 'sigmoid' | null;
  unfoldedGraph: ExplanationGraph;
  graph: ExplanationGraph;
  private owned: readonly tf.Tensor[];
  private infos: LayerInfo[] | null = null;

  constructor(
    private readonly source: GraphSource,
    private readonly fold: boolean,
  ) {
    this.kind = source.kind;
    const built = source.build();
    this.unfoldedGraph = built.graph;
    this.owned = built.owned;
    this.inputs = source.inputs.map((input, k) => tokenSpec(this.unfoldedGraph, k, input));
    this.graph = fold ? foldGraph(this.unfoldedGraph) : this.unfoldedGraph;
    const out = this.unfoldedGraph.nodes[this.unfoldedGraph.output];
    this.squash = squashOf(out);
  }

  get endsWithSquash(): boolean {
    return this.squash !== null;
  }

  /** Output shape with null batch (inferred by one forward pass for GraphModels); null when unknown. */
  get outputShape(): readonly (number | null)[] | null {
    const g = this.unfoldedGraph;
    const out = g.nodes[g.output];
    if (out.outputShape.length) return out.outputShape;
    const shape = this.layers[g.output]?.outputShape ?? [];
    return shape.length ? shape : null;
  }

  /** Every node of the unfolded graph, plus aliases (nested models, pass-through nodes), with shapes. */
  get layers(): readonly LayerInfo[] {
    if (this.infos) return this.infos;
    const g = this.unfoldedGraph;
    const missing = g.nodes.some((n) => n.outputShape.length === 0);
    const shapes = this.inputs.map((i) => i.shape);
    const inferred =
      missing && shapes.every((s) => s !== null) ? inferShapes(g, shapes as ModelInputShape[]) : null;
    const shapeOf = (n: GraphNode) => (n.outputShape.length ? n.outputShape : (inferred?.[n.id] ?? []));
    const info = (name: string, node: GraphNode, className = node.className): LayerInfo => {
      const outputShape = shapeOf(node);
      return { name, className, outputShape, spatial: isSpatial(outputShape) };
    };
    const rows = g.nodes.map((n) => info(n.name, n));
    for (const [name, id] of g.byName) {
      if (g.nodes[id].name !== name)
        rows.push(info(name, g.nodes[id], g.nodes[id].op.kind === 'input' ? 'Input' : 'Model'));
    }
    this.infos = rows;
    return rows;
  }

  private graphFor(layer: string): ExplanationGraph {
    return this.graph.byName.has(layer) ? this.graph : this.unfoldedGraph;
  }

  forward(x: GraphFeed, preSoftmax: boolean, rules?: OpRules): tf.Tensor {
    return runGraph(this.graph, x, { skipOutputActivation: preSoftmax, rules });
  }

  activations(x: GraphFeed, layers: readonly string[]): tf.Tensor[] {
    return layers.map((name) => {
      const g = this.graphFor(name);
      return runGraph(g, x, { until: g.byName.get(name) });
    });
  }

  forwardFrom(
    x: GraphFeed,
    layer: string,
    activation: tf.Tensor,
    preSoftmax: boolean,
    rules?: OpRules,
  ): tf.Tensor {
    const g = this.graphFor(layer);
    const id = g.byName.get(layer) as number;
    return runGraph(g, x, {
      overrides: new Map([[id, activation]]),
      skipOutputActivation: preSoftmax,
      rules,
    });
  }

  refresh(): void {
    if (this.graph !== this.unfoldedGraph) disposeGraph(this.graph);
    if (this.source.rebuildOnRefresh) {
      this.disposeUnfolded();
      const built = this.source.build();
      this.unfoldedGraph = built.graph;
      this.owned = built.owned;
    }
    // The unfolded graph of a LayersModel reads the layers' variables live (tfjs assigns new weights in
    // place); only folded weights are copies that go stale.
    this.graph = this.fold ? foldGraph(this.unfoldedGraph) : this.unfoldedGraph;
  }

  private disposeUnfolded(): void {
    disposeGraph(this.unfoldedGraph);
    for (const t of this.owned) if (!t.isDisposed) t.dispose();
  }

  dispose(): void {
    if (this.graph !== this.unfoldedGraph) disposeGraph(this.graph);
    this.disposeUnfolded();
  }
}
