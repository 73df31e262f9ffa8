import { applyOp, type GraphNode, UnsupportedLayerError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import type { GraphTrace, RelevanceGraph } from './graph-trace.js';
import { linearViewOf } from './linear-view.js';
import { applyRule, type Bounds, perExampleSum, type RuleSpec } from './rules.js';
import { accumulate, moveBack } from './structural.js';
import { routeToWinners } from './winner-take-all.js';

/** What an LRP backward pass needs besides the forward trace. */
export interface RelevancePassOptions {
  /** Relevance at the output node (the target score's share of each output), `[N, ...]`. */
  start: tf.Tensor;
  /** The rule of each linear-like node. */
  ruleOf: (node: GraphNode) => RuleSpec;
  /** Bounds of the graph input for the z^B rule (full batch shape); needed only when a node uses it. */
  inputBounds?: Bounds;
}

/** Relevance at the graph input and the relevance absorbed on the way, per example `[N]`. */
export interface RelevancePassResult {
  relevance: tf.Tensor;
  absorbed: tf.Tensor;
}

/** Carries the input bounds through the reshapes and padding between the input and a first layer. */
function boundsAt(rg: RelevanceGraph, id: number, bounds: Bounds): Bounds {
  const node = rg.graph.nodes[id];
  if (node.op.kind === 'input') return bounds;
  const below = boundsAt(rg, node.inputs[0], bounds);
  return { low: applyOp(node.op, [below.low]), high: applyOp(node.op, [below.high]) };
}

/**
 * The LRP backward pass (Bach et al. 2015): relevance flows from the output to the input node by node in
 * reverse topological order, summed where a value feeds several nodes. Linear-like nodes use their rule;
 * max pooling is winner-take-all; activations, reshapes and dropout pass relevance through; concatenation
 * splits it. Call inside `tf.tidy`.
 */
export function propagateRelevance(
  rg: RelevanceGraph,
  trace: GraphTrace,
  options: RelevancePassOptions,
): RelevancePassResult {
  const { graph } = rg;
  const relevance = new Map<number, tf.Tensor>([[graph.output, options.start]]);
  const n = options.start.shape[0];
  let absorbed: tf.Tensor = tf.zeros([n]);
  for (let k = rg.needed.length - 1; k >= 0; k--) {
    const id = rg.needed[k];
    const r = relevance.get(id);
    const node = graph.nodes[id];
    if (!r || node.op.kind === 'input') continue;
    const inputs = node.inputs.map((i) => trace.values.get(i) as tf.Tensor);
    const op = node.op;
    let down: tf.Tensor[];
    if (op.kind === 'activation') {
      down = [r];
    } else if ((op.kind === 'pool' || op.kind === 'global-pool') && op.pool === 'max') {
      down = [routeToWinners(op, inputs[0], r)];
    } else {
      const moved = moveBack(node, inputs, r);
      if (moved) {
        // Zero padding holds relevance only where a rule gave some to the padded zeros; it is absorbed.
        if (op.kind === 'pad') absorbed = tf.add(absorbed, tf.sub(perExampleSum(r), perExampleSum(moved[0])));
        down = moved;
      } else {
        const view = linearViewOf(node);
        if (!view)
          throw new UnsupportedLayerError(
            `No relevance rule for node "${node.name}" (${op.kind}); relevanceGraphOf should have rejected it.`,
          );
        const rule = options.ruleOf(node);
        const bounds =
          rule.name === 'zbox' && options.inputBounds
            ? boundsAt(rg, node.inputs[0], options.inputBounds)
            : undefined;
        const preActivation = trace.pre.get(id) ?? trace.values.get(id);
        const nonNegative = node.inputs.every((i) => rg.nonNegative.has(i));
        const result = applyRule(rule, view, inputs, r, { bounds, output: preActivation, nonNegative });
        absorbed = tf.add(absorbed, result.absorbed);
        down = result.relevance;
      }
    }
    node.inputs.forEach((i, j) => {
      accumulate(relevance, i, down[j]);
    });
  }
  const atInput = relevance.get(graph.input) ?? tf.zerosLike(trace.values.get(graph.input) as tf.Tensor);
  return { relevance: atInput, absorbed };
}
