import * as tf from '@tensorflow/tfjs-core';
import { backwardPlan } from './backward-plan.js';
import { consumersOf } from './emitter.js';
import { adjointWeightsOf } from './fast-linear.js';
import type { ActivationSpec, ExplanationGraph, GraphNode, LinearOp, NodeOp } from './types.js';

type BatchNormOp = Extract<NodeOp, { kind: 'batchnorm' }>;
type AffineOp = Extract<NodeOp, { kind: 'affine' }>;

function isLinear(op: NodeOp): op is LinearOp {
  return op.kind === 'dense' || op.kind === 'conv' || op.kind === 'depthwise' || op.kind === 'conv-transpose';
}

/** Output channels of a linear op (the last axis of its output). */
function outChannels(op: LinearOp): number {
  const s = op.kernel.shape as number[];
  if (op.kind === 'depthwise') return (s[2] as number) * (s[3] as number);
  if (op.kind === 'conv-transpose') return s[2] as number;
  return s[s.length - 1] as number;
}

/** A constant that varies at most along the last axis, as a `[C]` vector (or null when it does not). */
function perChannel(t: tf.Tensor | null, channels: number): tf.Tensor1D | null | 'no' {
  if (t === null) return null;
  if (t.size === 1) return tf.fill([channels], t.dataSync()[0]) as tf.Tensor1D;
  const last = t.shape[t.rank - 1];
  if (last !== channels || t.size !== channels) return 'no';
  return tf.reshape(t, [channels]) as tf.Tensor1D;
}

/** Scale and shift `[C]` of a BatchNorm or affine node, or null when the constants are not per-channel. */
function scaleShift(
  op: BatchNormOp | AffineOp,
  channels: number,
): { s: tf.Tensor1D | null; b: tf.Tensor1D | null } | null {
  if (op.kind === 'batchnorm') {
    const inv = tf.rsqrt(tf.add(op.variance, op.epsilon));
    const s = (op.gamma ? tf.mul(op.gamma, inv) : inv) as tf.Tensor1D;
    const shift = tf.neg(tf.mul(op.mean, s));
    return { s, b: (op.beta ? tf.add(shift, op.beta) : shift) as tf.Tensor1D };
  }
  const s = perChannel(op.scale, channels);
  const b = perChannel(op.shift, channels);
  if (s === 'no' || b === 'no') return null;
  return { s, b };
}

/** W' = W·s over output channels, b' = b·s + shift; new tensors (or null when the constants do not fit). */
function foldInto(op: LinearOp, next: BatchNormOp | AffineOp): { op: LinearOp; owned: tf.Tensor[] } | null {
  const channels = outChannels(op);
  // [kernel, bias], or [] when the constants are not per-channel.
  const folded = tf.tidy((): tf.Tensor[] => {
    const parts = scaleShift(next, channels);
    if (!parts) return [];
    const { s, b } = parts;
    let kernel: tf.Tensor = op.kernel;
    if (s) {
      const k = op.kernel.shape as number[];
      const shape =
        op.kind === 'depthwise'
          ? [1, 1, k[2] as number, k[3] as number]
          : op.kind === 'conv-transpose'
            ? [1, 1, channels, 1]
            : [...k.slice(0, -1).map(() => 1), channels];
      kernel = tf.mul(op.kernel, tf.reshape(s, shape));
    }
    let bias: tf.Tensor | null = op.bias;
    if (s && bias) bias = tf.mul(bias, s);
    if (b) bias = bias ? tf.add(bias, b) : b;
    return bias ? [kernel, bias] : [kernel];
  });
  if (folded.length === 0) return null;
  const [kernel, bias = null] = folded as [tf.Tensor, tf.Tensor?];
  const owned = folded.filter((t) => t !== op.kernel && t !== op.bias);
  return { op: { ...op, kernel, bias } as LinearOp, owned };
}

function clipRange(spec: ActivationSpec): [number, number] | null {
  if (spec.name === 'relu' && spec.maxValue === undefined) return [0, Number.POSITIVE_INFINITY];
  if (spec.name === 'relu6' || (spec.name === 'relu' && spec.maxValue === 6)) return [0, 6];
  if (spec.name === 'clip')
    return [spec.min ?? Number.NEGATIVE_INFINITY, spec.max ?? Number.POSITIVE_INFINITY];
  return null;
}

/** clip∘clip as one activation (ReLU → Minimum(6) → Maximum(0) is ReLU6), or null. */
function composeClips(first: ActivationSpec, second: ActivationSpec): ActivationSpec | null {
  const a = clipRange(first);
  const b = clipRange(second);
  if (!a || !b) return null;
  const lo = Math.max(a[0], b[0]);
  const hi = Math.min(a[1], b[1]);
  if (lo > hi) return null;
  if (lo === 0 && hi === 6) return { name: 'relu6' };
  if (lo === 0 && hi === Number.POSITIVE_INFINITY) return { name: 'relu' };
  return {
    name: 'clip',
    ...(Number.isFinite(lo) ? { min: lo } : {}),
    ...(Number.isFinite(hi) ? { max: hi } : {}),
  };
}

/** How `node` merges into its only input `prev`, or null. */
function mergeWith(
  prev: GraphNode,
  node: GraphNode,
): { op: NodeOp; owned: tf.Tensor[]; affine: boolean } | null {
  const op = node.op;
  const p = prev.op;
  if (isLinear(p) && p.activation.name === 'linear') {
    if (op.kind === 'batchnorm' || op.kind === 'affine') {
      const f = foldInto(p, op);
      return f ? { ...f, affine: true } : null;
    }
    if (op.kind === 'activation' && op.activation.name !== 'softmax' && op.activation.name !== 'logSoftmax') {
      return { op: { ...p, activation: op.activation } as LinearOp, owned: [], affine: false };
    }
    return null;
  }
  if (op.kind !== 'activation') return null;
  const current = isLinear(p) ? p.activation : p.kind === 'activation' ? p.activation : null;
  const combined = current ? composeClips(current, op.activation) : null;
  if (!combined) return null;
  return {
    op: isLinear(p)
      ? ({ ...p, activation: combined } as LinearOp)
      : { kind: 'activation', activation: combined },
    owned: [],
    affine: false,
  };
}

/**
 * Merges, wherever a node is the only reader of its input: BatchNorm and constant per-channel affine ops
 * into the preceding linear op (W' = W·s, b' = (b − μ)·s + β), an activation into a linear op that has
 * none, and chains of clips into one (converter graphs spell ReLU6 as Relu → Minimum → Maximum). Outputs
 * are equal to float precision; a merged node takes the later node's name, so the earlier name disappears
 * from `byName` (core answers questions about it from the unfolded graph).
 */
export function foldGraph(graph: ExplanationGraph): ExplanationGraph {
  const nodes: GraphNode[] = [];
  const newId = new Map<number, number>();
  const folded: { linear: string; batchNorm: string }[] = [];
  const absorbed = new Set<string>();
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((i) => newId.get(i) as number);
    const prev = inputs.length === 1 ? nodes[inputs[0]] : undefined;
    const sole =
      node.inputs.length === 1 &&
      graph.consumers[node.inputs[0]].length === 1 &&
      node.inputs[0] !== graph.output;
    const merged = prev && sole && !graph.inputs.includes(node.inputs[0]) ? mergeWith(prev, node) : null;
    if (prev && merged) {
      // Weights an earlier fold made and this one replaced are garbage now.
      const live = isLinear(merged.op) ? [merged.op.kernel, merged.op.bias] : [];
      const kept = prev.owned.filter(
        (t) =>
          live.includes(t as tf.Tensor1D) ||
          !(isLinear(prev.op) && (t === prev.op.kernel || t === prev.op.bias)),
      );
      for (const t of prev.owned) if (!kept.includes(t)) t.dispose();
      nodes[prev.id] = {
        ...prev,
        name: node.name,
        source: prev.source ?? prev.name,
        className: `${prev.className}+${node.className}`,
        op: merged.op,
        outputShape: node.outputShape,
        owned: [...kept, ...merged.owned],
      };
      if (merged.affine) folded.push({ linear: prev.name, batchNorm: node.name });
      absorbed.add(prev.name);
      newId.set(node.id, prev.id);
      continue;
    }
    newId.set(node.id, nodes.length);
    // The unfolded graph keeps owning its own tensors; folded nodes own only what folding creates.
    nodes.push({ ...node, id: nodes.length, inputs, owned: [] });
  }
  if (backwardPlan().adjointWeights) withAdjointWeights(nodes);
  const byName = new Map<string, number>();
  for (const [name, oldId] of graph.byName) {
    const id = newId.get(oldId) as number;
    if (!absorbed.has(name) || nodes[id].name === name) byName.set(name, id);
  }
  return {
    nodes,
    inputs: graph.inputs.map((i) => newId.get(i) as number),
    input: newId.get(graph.input) as number,
    output: newId.get(graph.output) as number,
    byName,
    consumers: consumersOf(nodes),
    folded,
    warnings: graph.warnings,
  };
}

/**
 * Gives each linear node the adjoint of its kernel (fast-linear.ts), owned by the node: made once here, on
 * backends whose plan computes input gradients with forward kernels, instead of in every backward pass.
 */
function withAdjointWeights(nodes: GraphNode[]): void {
  for (const [i, node] of nodes.entries()) {
    if (!isLinear(node.op)) continue;
    const tensor = adjointWeightsOf(node.op);
    if (!tensor) continue;
    const op = { ...node.op, adjoint: { of: node.op.kernel, tensor } } as LinearOp;
    nodes[i] = { ...node, op, owned: [...node.owned, tensor] };
  }
}

/** Frees the tensors a graph created (folded or transposed weights); the model's own weights are untouched. */
export function disposeGraph(graph: ExplanationGraph): void {
  for (const n of graph.nodes) for (const t of n.owned) if (!t.isDisposed) t.dispose();
}
