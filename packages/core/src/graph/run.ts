import type * as tf from '@tensorflow/tfjs';
import { applyOp } from './apply-op.js';
import type { ExplanationGraph } from './types.js';

/** How to run an explanation graph. */
export interface RunOptions {
  /** Node values to use instead of computing them (layer gradients feed an activation in here). */
  overrides?: ReadonlyMap<number, tf.Tensor>;
  /** Nodes whose values to return besides the output. */
  capture?: readonly number[];
  /** Return the output node's pre-activation (the logits view of a softmax model). */
  skipOutputActivation?: boolean;
  /** Run up to this node instead of the model output. */
  until?: number;
}

/**
 * Evaluates the graph on a batched input. Only the nodes the requested values depend on are computed
 * (upstream of an override nothing runs). The caller owns the intermediates: run it inside `tf.tidy`.
 */
export function runGraph(
  graph: ExplanationGraph,
  x: tf.Tensor,
  options: RunOptions = {},
): { output: tf.Tensor; captured: Map<number, tf.Tensor> } {
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
  const needed = neededNodes(graph, [target, ...(options.capture ?? [])], values);
  for (const id of needed) evaluate(id);
  const output = evaluate(target);
  const captured = new Map<number, tf.Tensor>();
  for (const id of options.capture ?? []) captured.set(id, evaluate(id));
  return { output, captured };
}

function neededNodes(
  graph: ExplanationGraph,
  roots: readonly number[],
  known: ReadonlyMap<number, tf.Tensor>,
): number[] {
  const need = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (need.has(id) || known.has(id)) continue;
    need.add(id);
    stack.push(...graph.nodes[id].inputs);
  }
  return [...need].sort((a, b) => a - b);
}
