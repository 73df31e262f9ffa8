import * as tf from '@tensorflow/tfjs';
import { consumersOf } from './build.js';
import type { ExplanationGraph, GraphNode, NodeOp } from './types.js';

type LinearOp = Extract<NodeOp, { kind: 'dense' | 'conv' | 'depthwise' }>;
type BatchNormOp = Extract<NodeOp, { kind: 'batchnorm' }>;

function foldable(graph: ExplanationGraph, bn: GraphNode): GraphNode | null {
  if (bn.op.kind !== 'batchnorm' || bn.inputs.length !== 1) return null;
  const prev = graph.nodes[bn.inputs[0]];
  const op = prev.op;
  const linear = op.kind === 'dense' || op.kind === 'conv' || op.kind === 'depthwise';
  if (!linear || op.activation.name !== 'linear') return null;
  if (graph.consumers[prev.id].length !== 1 || prev.id === graph.output) return null;
  return prev;
}

/** Scales the output channels of a linear op by s and returns the folded op (new tensors). */
function foldWeights(op: LinearOp, bn: BatchNormOp): { op: LinearOp; owned: tf.Tensor[] } {
  const [kernel, bias] = tf.tidy(() => {
    const scale = bn.gamma
      ? tf.div(bn.gamma, tf.sqrt(tf.add(bn.variance, bn.epsilon)))
      : tf.div(1, tf.sqrt(tf.add(bn.variance, bn.epsilon)));
    // Depthwise kernels are [kh, kw, C, M] with output channel c·M + m.
    const s = op.kind === 'depthwise' ? tf.reshape(scale, [op.kernel.shape[2], op.kernel.shape[3]]) : scale;
    const k = tf.mul(op.kernel, s);
    const b0 = op.bias ? tf.sub(op.bias, bn.mean) : tf.neg(bn.mean);
    const b1 = tf.mul(b0, scale);
    return [k, bn.beta ? tf.add(b1, bn.beta) : b1];
  });
  const folded = { ...op, kernel, bias: bias as tf.Tensor1D } as LinearOp;
  return { op: folded, owned: [kernel, bias] };
}

/**
 * Folds every BatchNormalization that directly follows a linear layer (Dense, Conv, DepthwiseConv) with a
 * linear activation and no other reader into that layer: W' = W·s, b' = (b − μ)·s + β, s = γ/√(σ² + ε).
 * Outputs are equal to float precision; the folded node takes the BatchNorm's name, so the linear layer's
 * own name disappears from `byName` (core then answers questions about it from the unfolded graph).
 */
export function foldBatchNorm(graph: ExplanationGraph): ExplanationGraph {
  const skip = new Set<number>();
  const replace = new Map<number, { from: GraphNode; op: LinearOp; owned: tf.Tensor[] }>();
  for (const node of graph.nodes) {
    const prev = foldable(graph, node);
    if (!prev) continue;
    skip.add(prev.id);
    replace.set(node.id, { from: prev, ...foldWeights(prev.op as LinearOp, node.op as BatchNormOp) });
  }
  const newId = new Map<number, number>();
  const nodes: GraphNode[] = [];
  const byName = new Map<string, number>();
  const folded: { linear: string; batchNorm: string }[] = [];
  for (const node of graph.nodes) {
    if (skip.has(node.id)) continue;
    const r = replace.get(node.id);
    const id = nodes.length;
    const inputs = (r ? r.from.inputs : node.inputs).map((i) => newId.get(i) as number);
    nodes.push(
      r
        ? {
            id,
            name: node.name,
            className: `${r.from.className}+BatchNormalization`,
            inputs,
            op: r.op,
            outputShape: node.outputShape,
            owned: r.owned,
          }
        : { ...node, id, inputs },
    );
    if (r) folded.push({ linear: r.from.name, batchNorm: node.name });
    newId.set(node.id, id);
  }
  const folded_ = new Set(folded.map((f) => f.linear));
  for (const [name, oldId] of graph.byName) {
    const id = newId.get(oldId);
    if (id !== undefined && !folded_.has(name)) byName.set(name, id);
  }
  return {
    nodes,
    input: newId.get(graph.input) as number,
    output: newId.get(graph.output) as number,
    byName,
    consumers: consumersOf(nodes),
    folded,
  };
}

/** Frees the tensors a graph created (folded weights); the model's own weights are untouched. */
export function disposeGraph(graph: ExplanationGraph): void {
  for (const n of graph.nodes) for (const t of n.owned) t.dispose();
}
