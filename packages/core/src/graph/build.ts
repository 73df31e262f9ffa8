import * as tf from '@tensorflow/tfjs';
import { UnsupportedLayerError } from '../errors.js';
import { layerToOps } from './layer-to-ops.js';
import type { ExplanationGraph, GraphNode, NodeOp } from './types.js';

type SymbolicTensor = tf.SymbolicTensor & {
  sourceLayer: tf.layers.Layer;
  inputs: SymbolicTensor[];
  nodeIndex: number;
  id: number;
};

interface Builder {
  nodes: GraphNode[];
  byName: Map<string, number>;
  memo: Map<string, number>;
  /** How often each (prefixed) layer has been called so far in this graph. */
  calls: Map<string, Map<number, number>>;
}

function isNestedModel(layer: tf.layers.Layer): layer is tf.LayersModel {
  return layer instanceof tf.LayersModel;
}

function push(
  b: Builder,
  name: string,
  className: string,
  inputs: number[],
  op: NodeOp,
  outputShape: (number | null)[],
): number {
  const id = b.nodes.length;
  b.nodes.push({ id, name, className, inputs, op, outputShape, owned: [] });
  b.byName.set(name, id);
  return id;
}

function visit(b: Builder, t: SymbolicTensor, prefix: string, bound: Map<number, number>): number {
  const known = bound.get(t.id);
  if (known !== undefined) return known;
  const layer = t.sourceLayer;
  // Name repeated calls of a shared layer by their order in this model, not tfjs's global node index
  // (a nested model's first call inside the outer model is its node 1).
  const calls = b.calls.get(prefix + layer.name) ?? new Map<number, number>();
  b.calls.set(prefix + layer.name, calls);
  if (!calls.has(t.nodeIndex)) calls.set(t.nodeIndex, calls.size);
  const call = calls.get(t.nodeIndex) as number;
  const base = prefix + layer.name + (call > 0 ? `:${call}` : '');
  const memoKey = `${base}#${(t as { tensorIndex?: number }).tensorIndex ?? 0}`;
  const seen = b.memo.get(memoKey);
  if (seen !== undefined) return seen;
  const inputs = t.inputs.map((i) => visit(b, i, prefix, bound));
  let id: number;
  if (isNestedModel(layer)) {
    // Inline the nested model: its input tensors are bound to the outer nodes that feed it.
    const inner = new Map<number, number>();
    for (const [k, input] of (layer.inputs as SymbolicTensor[]).entries()) inner.set(input.id, inputs[k]);
    id = visit(b, layer.outputs[0] as SymbolicTensor, `${base}/`, inner);
    b.byName.set(base, id);
  } else if (layer.getClassName() === 'InputLayer') {
    id = push(b, base, 'InputLayer', [], { kind: 'input' }, [...t.shape]);
  } else {
    const parts = layerToOps(layer);
    let feed = inputs;
    id = -1;
    for (const part of parts) {
      const shape = [...t.shape];
      if (part.channels !== undefined) shape[shape.length - 1] = part.channels;
      id = push(b, base + part.suffix, layer.getClassName(), feed, part.op, shape);
      feed = [id];
    }
  }
  b.memo.set(memoKey, id);
  return id;
}

/** Ids of the nodes that read each node. */
export function consumersOf(nodes: readonly GraphNode[]): number[][] {
  const out: number[][] = nodes.map(() => []);
  for (const n of nodes) for (const i of n.inputs) out[i].push(n.id);
  return out;
}

/**
 * Rewrites a (sequential or functional) LayersModel as an explanation graph of plain ops that read the
 * layers' own weights. Nested models are inlined with `outer/inner` names.
 */
export function buildGraph(model: tf.LayersModel): ExplanationGraph {
  if (model.inputs.length !== 1) {
    throw new UnsupportedLayerError(
      `The model has ${model.inputs.length} inputs; Loupe explains single-input models. Wrap it in a function (x) => model.predict([x, ...fixed]) and pass that to wrapModel.`,
    );
  }
  const b: Builder = { nodes: [], byName: new Map(), memo: new Map(), calls: new Map() };
  const output = visit(b, model.outputs[0] as SymbolicTensor, '', new Map());
  const input = b.nodes.findIndex((n) => n.op.kind === 'input');
  return { nodes: b.nodes, input, output, byName: b.byName, consumers: consumersOf(b.nodes), folded: [] };
}
