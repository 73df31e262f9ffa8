import type * as tf from '@tensorflow/tfjs';
import { applyOp } from './apply-op.js';
import type { ExplanationGraph } from './types.js';

/** How to run an explanation graph. */
export interface RunOptions {
  /** Node values to use instead of computing them (layer gradients feed an activation in here). */
  overrides?: ReadonlyMap<number, tf.Tensor>;
  /** Return the output node's pre-activation (the logits view of a softmax model). */
  skipOutputActivation?: boolean;
  /** Run up to this node instead of the model output. */
  until?: number;
}

/**
 * Evaluates the graph on a batched input and returns the output (or `until`) node's value. Only the nodes
 * it depends on are computed (upstream of an override nothing runs). The caller owns the intermediates: run it inside `tf.tidy`.
 */
export function runGraph(graph: ExplanationGraph, x: tf.Tensor, options: RunOptions = {}): tf.Tensor {
  const values = new Map<number, tf.Tensor>(options.overrides ?? []);
  const target = options.until ?? graph.output;
  const evaluate = (id: number): tf.Tensor => {
    const known = values.get(id);
    if (known) return known;
    const node = graph.nodes[id];
    if (node.op.kind === 'input') {
      values.set(id, x);
      return x;
    }
    const inputs = node.inputs.map(evaluate);
    const skip = options.skipOutputActivation === true && id === graph.output;
    const value = applyOp(node.op, inputs, skip);
    values.set(id, value);
    return value;
  };
  // Iterative warm-up in topological order keeps recursion shallow on deep networks.
  for (const id of neededNodes(graph, target, values)) evaluate(id);
  return evaluate(target);
}

function neededNodes(graph: ExplanationGraph, root: number, known: ReadonlyMap<number, tf.Tensor>): number[] {
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
