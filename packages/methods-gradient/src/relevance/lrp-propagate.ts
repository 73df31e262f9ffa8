import { applyOp, type GraphNode, UnsupportedLayerError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GraphTrace, RelevanceGraph } from './graph-trace.js';
import { isLinearOp } from './linear-op.js';
import { linearViewOf } from './linear-view.js';
import { activationShare } from './piecewise-activation.js';
import { applyRule, type Bounds, perExampleSum, type RuleSpec } from './rules.js';
import { accumulate, moveBack } from './structural.js';
import { isWinnerOp, routeElementwise, routeToWinners, sumToShape } from './winner-take-all.js';

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

/** Carries the input bounds through the elementwise-monotone ops between the input and a first layer. */
function boundsAt(rg: RelevanceGraph, id: number, bounds: Bounds): Bounds {
  const node = rg.graph.nodes[id];
  if (node.op.kind === 'input') return bounds;
  const below = boundsAt(rg, node.inputs[0], bounds);
  const a = applyOp(node.op, [below.low]);
  const b = applyOp(node.op, [below.high]);
  return { low: tf.minimum(a, b), high: tf.maximum(a, b) };
}

/**
 * A product of two computed values: all relevance to the signal when one operand is a gate
 * (signal-take-all, Arras et al. 2017 for LSTM gates; also squeeze-excitation and hard-swish), else half
 * to each. A division gives it all to the numerator (the denominator only rescales).
 */
function productRelevance(
  rg: RelevanceGraph,
  node: GraphNode,
  inputs: readonly tf.Tensor[],
  r: tf.Tensor,
): tf.Tensor[] {
  const op = node.op;
  if (op.kind === 'merge' && op.merge === 'divide')
    return [sumToShape(r, inputs[0].shape), tf.zerosLike(inputs[1])];
  const gate = rg.products.get(node.id)?.gate ?? null;
  if (gate === null) return inputs.map((x) => sumToShape(tf.mul(r, 0.5), x.shape));
  return inputs.map((x, k) => (k === gate ? tf.zerosLike(x) : sumToShape(r, x.shape)));
}

/**
 * A matrix product of two computed values: each product term a_ik·b_kj gives half its share of R_ij to each
 * operand (ε-stabilised), R_a = ½ a ⊙ ∂(s·ab)/∂a with s = R / z. Conservative up to the stabiliser.
 */
function bilinearRelevance(node: GraphNode, inputs: readonly tf.Tensor[], r: tf.Tensor): tf.Tensor[] {
  const f = (a: tf.Tensor, b: tf.Tensor) => applyOp(node.op, [a, b]);
  const z = f(inputs[0], inputs[1]);
  const s = tf.div(
    r,
    tf.add(z, tf.mul(tf.where(tf.greaterEqual(z, 0), tf.onesLike(z), tf.neg(tf.onesLike(z))), 1e-9)),
  );
  const [ga, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor) => f(a, b))([inputs[0], inputs[1]], s);
  return [tf.mul(0.5, tf.mul(inputs[0], ga)), tf.mul(0.5, tf.mul(inputs[1], gb))];
}

/** Relevance of a node's inputs; adds to `absorbed` what the node keeps. */
function nodeRelevance(
  rg: RelevanceGraph,
  trace: GraphTrace,
  node: GraphNode,
  r: tf.Tensor,
  options: RelevancePassOptions,
): { down: tf.Tensor[]; absorbed: tf.Tensor | null } {
  const inputs = node.inputs.map((i) => trace.values.get(i) as tf.Tensor);
  const op = node.op;
  if (op.kind === 'activation') {
    const share = activationShare(op.activation, inputs[0], trace.values.get(node.id) as tf.Tensor);
    if (!share) return { down: [r], absorbed: null };
    const kept = tf.mul(r, share);
    return { down: [kept], absorbed: tf.sub(perExampleSum(r), perExampleSum(kept)) };
  }
  if (isWinnerOp(op)) return { down: [routeToWinners(op, inputs[0], r)], absorbed: null };
  if (op.kind === 'merge' && (op.merge === 'maximum' || op.merge === 'minimum') && inputs.length === 2) {
    return { down: routeElementwise(op.merge, inputs[0], inputs[1], r), absorbed: null };
  }
  if (op.kind === 'merge' && (op.merge === 'multiply' || op.merge === 'divide') && inputs.length === 2) {
    return { down: productRelevance(rg, node, inputs, r), absorbed: null };
  }
  if (op.kind === 'matmul' && op.constant === null) {
    const down = bilinearRelevance(node, inputs, r);
    return { down, absorbed: tf.sub(perExampleSum(r), tf.addN(down.map(perExampleSum))) };
  }
  const moved = moveBack(node, inputs, r);
  // Padding holds relevance only where a rule gave some to the padded values; it is absorbed.
  if (moved) return { down: moved, absorbed: tf.sub(perExampleSum(r), tf.addN(moved.map(perExampleSum))) };
  const view = linearViewOf(node);
  if (!view) {
    throw new UnsupportedLayerError(
      `No relevance rule for node "${node.name}" (${op.kind}); relevanceGraphOf should have rejected it.`,
    );
  }
  const rule = options.ruleOf(node);
  const bounds =
    rule.name === 'zbox' && options.inputBounds
      ? boundsAt(rg, node.inputs[0], options.inputBounds)
      : undefined;
  const pre = trace.pre.get(node.id);
  const preActivation = pre ?? trace.values.get(node.id);
  const nonNegative = node.inputs.every((i) => rg.nonNegative.has(i));
  // A fused activation first keeps its share (see activationShare), the rest is absorbed like a bias.
  const spec = isLinearOp(op) ? op.activation : null;
  const share = pre && spec ? activationShare(spec, pre, trace.values.get(node.id) as tf.Tensor) : null;
  const atPre = share ? tf.mul(r, share) : r;
  const result = applyRule(rule, view, inputs, atPre, { bounds, output: preActivation, nonNegative });
  const dropped = share ? tf.sub(perExampleSum(r), perExampleSum(atPre)) : null;
  return { down: result.relevance, absorbed: dropped ? tf.add(result.absorbed, dropped) : result.absorbed };
}

/**
 * The LRP backward pass (Bach et al. 2015): relevance flows from the output to the input node by node in
 * reverse topological order, summed where a value feeds several nodes. Linear-like nodes use their rule;
 * max pooling and maxima are winner-take-all; products follow signal-take-all; activations and data
 * movement pass relevance through. Call inside `tf.tidy`.
 */
export function propagateRelevance(
  rg: RelevanceGraph,
  trace: GraphTrace,
  options: RelevancePassOptions,
): RelevancePassResult {
  const { graph } = rg;
  const relevance = new Map<number, tf.Tensor>([[graph.output, options.start]]);
  let absorbed: tf.Tensor = tf.zeros([options.start.shape[0]]);
  for (let k = rg.needed.length - 1; k >= 0; k--) {
    const id = rg.needed[k];
    const r = relevance.get(id);
    const node = graph.nodes[id];
    if (!r || node.op.kind === 'input') continue;
    const step = nodeRelevance(rg, trace, node, r, options);
    if (step.absorbed) absorbed = tf.add(absorbed, step.absorbed);
    node.inputs.forEach((i, j) => {
      accumulate(relevance, i, step.down[j]);
    });
  }
  const atInput = relevance.get(graph.input) ?? tf.zerosLike(trace.values.get(graph.input) as tf.Tensor);
  return { relevance: atInput, absorbed };
}
