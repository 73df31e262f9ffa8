import type * as tf from '@tensorflow/tfjs-core';
import { applyOp, type OpRules } from './apply-op.js';
import type { ExplanationGraph } from './types.js';

/** How to run an explanation graph. */
export interface RunOptions {
  /** Node values to use instead of computing them (layer gradients feed an activation in here). */
  overrides?: ReadonlyMap<number, tf.Tensor>;
  /** Return the output node's pre-activation (the logits view of a softmax model). */
  skipOutputActivation?: boolean;
  /** Run up to this node instead of the model output. */
  until?: number;
  /** Per-call op rules (e.g. guided ReLU backward); they apply to this run only. */
  rules?: OpRules;
}

/** A graph input: one batched tensor, or one per input node (in `graph.inputs` order). */
export type GraphFeed = tf.Tensor | readonly tf.Tensor[];

/**
 * Evaluates the graph on a batched input and returns the output (or `until`) node's value. Only the nodes
 * it depends on are computed (upstream of an override nothing runs). The caller owns the intermediates:
 * run it inside `tf.tidy`.
 */
export function runGraph(graph: ExplanationGraph, x: GraphFeed, options: RunOptions = {}): tf.Tensor {
  const values = runGraphValues(graph, x, options);
  return values.get(options.until ?? graph.output) as tf.Tensor;
}

/** `runGraph` returning every computed node's value (id → value). */
export function runGraphValues(
  graph: ExplanationGraph,
  x: GraphFeed,
  options: RunOptions = {},
): Map<number, tf.Tensor> {
  const values = new Map<number, tf.Tensor>(options.overrides ?? []);
  const feeds = Array.isArray(x) ? (x as readonly tf.Tensor[]) : [x as tf.Tensor];
  const target = options.until ?? graph.output;
  for (const id of neededNodes(graph, target, values)) {
    const node = graph.nodes[id];
    if (node.op.kind === 'input') {
      values.set(id, feeds[node.op.index]);
      continue;
    }
    const inputs = node.inputs.map((i) => values.get(i) as tf.Tensor);
    const skip = options.skipOutputActivation === true && id === graph.output;
    values.set(id, applyOp(node.op, inputs, skip, options.rules));
  }
  return values;
}

/** Ids the root depends on (not through known values), ascending = topological. */
export function neededNodes(
  graph: ExplanationGraph,
  root: number,
  known: ReadonlyMap<number, tf.Tensor> = new Map(),
): number[] {
  const need = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (need.has(id) || known.has(id)) continue;
    need.add(id);
    stack.push(...graph.nodes[id].inputs);
  }
  return [...need].sort((a, b) => a - b);
}
