import {
  type ActivationSpec,
  applyActivation,
  applyOp,
  type ExplainableModel,
  type ExplanationGraph,
  type GraphNode,
  linearPreActivation,
  UnsupportedLayerError,
} from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import { isLinearOp } from './linear-op.js';
import { type ProductRole, productRoles, readScalars, valueRanges } from './value-ranges.js';

/** Activations that are not elementwise, so no relevance or rescale rule passes through them. */
const NON_ELEMENTWISE = new Set(['softmax', 'logSoftmax']);

/** The explanation graph of a model a relevance method can run on, and which nodes the output needs. */
export interface RelevanceGraph {
  graph: ExplanationGraph;
  /** Ids of the nodes the output depends on, ascending (topological). */
  needed: number[];
  /** The output node ends in a softmax (or, in the logits view, a sigmoid) that is skipped. */
  skipOutputSoftmax: boolean;
  /** Nodes whose values are ≥ 0 by construction (ReLU-family outputs and what only moves or pools them). */
  nonNegative: ReadonlySet<number>;
  /** For products of two computed values: which operand is the gate (LRP's signal-take-all rule). */
  products: ReadonlyMap<number, ProductRole>;
}

/** Node values of one forward pass; `pre` holds a linear node's pre-activation when it has an activation. */
export interface GraphTrace {
  values: Map<number, tf.Tensor>;
  pre: Map<number, tf.Tensor>;
  output: tf.Tensor;
}

function activationOf(node: GraphNode): ActivationSpec | null {
  const op = node.op;
  if (op.kind === 'activation' || isLinearOp(op)) return op.activation;
  return null;
}

function describe(node: GraphNode): string {
  const op = node.op;
  const what = op.kind === 'move' || op.kind === 'external' ? op.what : node.className;
  return `"${node.name}" (${what})`;
}

function unsupported(method: string, node: GraphNode, why: string): UnsupportedLayerError {
  return new UnsupportedLayerError(
    `${method} cannot propagate through node ${describe(node)}: ${why}. Supported: dense, convolutions (also depthwise, separable, transposed), ` +
      'pooling, reductions, BatchNorm and constant scale/shift, bilinear resize, data movement (reshape, slice, pad, concat, transpose …), ' +
      'elementwise activations, sums, products, divisions, maxima of computed values, unrolled LSTM/GRU and nested models. Use a gradient method ' +
      '(e.g. inputXGradient or integratedGradients), which works on any differentiable model.',
  );
}

/** Why a node has no relevance rule, or null when it has one. */
function ruleGap(rg: { graph: ExplanationGraph }, node: GraphNode, skipOutput: boolean): string | null {
  const op = node.op;
  if (op.kind === 'layer') return 'it runs as the tfjs layer itself (no op-level translation)';
  if (op.kind === 'external')
    return `op ${op.what} runs as the converter's own op (outside Loupe's op table)`;
  const act = activationOf(node);
  const skipped = node.id === rg.graph.output && skipOutput;
  if (act && NON_ELEMENTWISE.has(act.name) && !skipped) {
    return `its ${act.name} activation mixes features (only a final softmax is skipped, explaining logits)`;
  }
  return null;
}

/**
 * Checks that every node the output needs has a relevance rule and returns the graph with that node
 * set. Throws `UnsupportedLayerError` naming the first node without one (and its op), and for function
 * models, which have no graph.
 */
export async function relevanceGraphOf(model: ExplainableModel, method: string): Promise<RelevanceGraph> {
  const graph = model.graph;
  if (!graph) {
    throw new UnsupportedLayerError(
      `${method} propagates through the model's op graph; a function model has none. Pass the tf.LayersModel or tf.GraphModel itself, or use a gradient method such as integratedGradients.`,
    );
  }
  const need = new Set<number>();
  const stack = [graph.output];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (need.has(id)) continue;
    need.add(id);
    stack.push(...graph.nodes[id].inputs);
  }
  const needed = [...need].sort((a, b) => a - b);
  const outputActivation = activationOf(graph.nodes[graph.output]);
  const skipOutputSoftmax =
    outputActivation?.name === 'softmax' ||
    (outputActivation?.name === 'sigmoid' && model.output === 'logits');
  for (const id of needed) {
    const gap = ruleGap({ graph }, graph.nodes[id], skipOutputSoftmax);
    if (gap) throw unsupported(method, graph.nodes[id], gap);
  }
  const ranges = valueRanges(graph, needed, skipOutputSoftmax, await readScalars(graph, needed));
  return {
    graph,
    needed,
    skipOutputSoftmax,
    nonNegative: new Set(needed.filter((id) => (ranges.get(id)?.[0] ?? -1) >= 0)),
    products: productRoles(graph, needed, ranges),
  };
}

/**
 * Runs the graph on `x` (the graph's input, i.e. after the model's preprocessing) keeping every needed
 * node's value and the pre-activations of linear nodes. A final softmax is skipped. Call inside `tf.tidy`.
 */
export function traceGraph(rg: RelevanceGraph, x: tf.Tensor): GraphTrace {
  const { graph } = rg;
  const values = new Map<number, tf.Tensor>();
  const pre = new Map<number, tf.Tensor>();
  for (const id of rg.needed) {
    const node = graph.nodes[id];
    const op = node.op;
    const skip = id === graph.output && rg.skipOutputSoftmax;
    if (op.kind === 'input') {
      values.set(id, x);
      continue;
    }
    const inputs = node.inputs.map((i) => values.get(i) as tf.Tensor);
    if (isLinearOp(op)) {
      const z = linearPreActivation(op, inputs[0]);
      const linear = skip || op.activation.name === 'linear';
      if (!linear) pre.set(id, z);
      values.set(id, linear ? z : applyActivation(op.activation, z));
      continue;
    }
    values.set(id, applyOp(op, inputs, skip));
  }
  return { values, pre, output: values.get(graph.output) as tf.Tensor };
}

/** True when a node's activation is applied (not linear, not the skipped final softmax). */
export function hasActiveNonlinearity(rg: RelevanceGraph, node: GraphNode): boolean {
  const act = activationOf(node);
  if (!act || act.name === 'linear') return false;
  return !(node.id === rg.graph.output && rg.skipOutputSoftmax);
}

/** The activation spec of an activation or linear node. */
export function nodeActivation(node: GraphNode): ActivationSpec | null {
  return activationOf(node);
}
