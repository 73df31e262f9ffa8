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
import type * as tf from '@tensorflow/tfjs';

/** Activations that are not elementwise, so no relevance or rescale rule passes through them. */
const NON_ELEMENTWISE = new Set(['softmax', 'logSoftmax']);

/** The explanation graph of a model a relevance method can run on, and which nodes the output needs. */
export interface RelevanceGraph {
  graph: ExplanationGraph;
  /** Ids of the nodes the output depends on, ascending (topological). */
  needed: number[];
  /** The output node ends in a softmax that is skipped: relevance starts at the logits. */
  skipOutputSoftmax: boolean;
  /** Nodes whose values are ≥ 0 by construction (ReLU-family outputs and what only moves or pools them). */
  nonNegative: ReadonlySet<number>;
}

/** Activations whose outputs are never negative. */
const NON_NEGATIVE_ACTIVATIONS = new Set(['relu', 'relu6', 'sigmoid', 'hardSigmoid', 'softplus', 'softmax']);

function nonNegativeNodes(
  graph: ExplanationGraph,
  needed: readonly number[],
  skipOutputSoftmax: boolean,
): Set<number> {
  const out = new Set<number>();
  for (const id of needed) {
    const node = graph.nodes[id];
    const op = node.op;
    const act = activationOf(node);
    const skipped = id === graph.output && skipOutputSoftmax;
    const fromInputs = node.inputs.length > 0 && node.inputs.every((i) => out.has(i));
    const keeps =
      ['identity', 'reshape', 'pad', 'concat', 'pool', 'global-pool'].includes(op.kind) ||
      (op.kind === 'merge' && (op.merge === 'add' || op.merge === 'average'));
    if ((act && !skipped && NON_NEGATIVE_ACTIVATIONS.has(act.name)) || (keeps && fromInputs)) out.add(id);
  }
  return out;
}

/** Node values of one forward pass; `pre` holds a linear node's pre-activation when it has an activation. */
export interface GraphTrace {
  values: Map<number, tf.Tensor>;
  pre: Map<number, tf.Tensor>;
  output: tf.Tensor;
}

function activationOf(node: GraphNode): ActivationSpec | null {
  const op = node.op;
  if (op.kind === 'activation' || op.kind === 'dense' || op.kind === 'conv' || op.kind === 'depthwise')
    return op.activation;
  return null;
}

function unsupported(method: string, node: GraphNode, why: string): UnsupportedLayerError {
  return new UnsupportedLayerError(
    `${method} cannot propagate through layer "${node.name}" (${node.className}): ${why}. Supported: Dense, Conv1D/2D, ` +
      'DepthwiseConv2D, SeparableConv2D, pooling, BatchNormalization, Flatten/Reshape/Dropout, ZeroPadding2D, elementwise ' +
      'activations, Add/Subtract/Average, Concatenate and nested models. Replace the layer, or use a gradient method ' +
      '(e.g. inputXGradient or integratedGradients), which works on any differentiable model.',
  );
}

/**
 * Checks that every node the output needs has a relevance rule and returns the graph with that node
 * set. Throws `UnsupportedLayerError` naming the first unsupported layer, and for models without a
 * layer graph (GraphModels, functions).
 */
export function relevanceGraphOf(model: ExplainableModel, method: string): RelevanceGraph {
  const graph = model.graph;
  if (!graph) {
    throw new UnsupportedLayerError(
      `${method} propagates through the layers of a tf.LayersModel; this model is a ${model.kind === 'graph' ? 'tf.GraphModel' : 'function'}, ` +
        'which has no layer graph. Load it as a LayersModel (tf.loadLayersModel), or use a gradient method such as integratedGradients.',
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
  const skipOutputSoftmax = outputActivation?.name === 'softmax';
  for (const id of needed) {
    const node = graph.nodes[id];
    const op = node.op;
    if (op.kind === 'layer') throw unsupported(method, node, 'Loupe has no rule for this layer class');
    if (op.kind === 'merge' && !['add', 'subtract', 'average'].includes(op.merge)) {
      throw unsupported(
        method,
        node,
        `a ${op.merge} merge is not linear in its inputs, so its contributions cannot be split`,
      );
    }
    const act = activationOf(node);
    const skipped = id === graph.output && skipOutputSoftmax;
    if (act && NON_ELEMENTWISE.has(act.name) && !skipped) {
      throw unsupported(
        method,
        node,
        `its ${act.name} activation mixes features (only a final softmax is skipped, explaining logits)`,
      );
    }
  }
  return {
    graph,
    needed,
    skipOutputSoftmax,
    nonNegative: nonNegativeNodes(graph, needed, skipOutputSoftmax),
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
    if (op.kind === 'dense' || op.kind === 'conv' || op.kind === 'depthwise') {
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
