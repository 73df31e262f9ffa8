import { activationRange, type ExplanationGraph, type NodeOp } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import { isLinearOp } from './linear-op.js';

/** `[low, high]` bounds of a node's values, whatever the input (±Infinity where unbounded). */
export type Range = readonly [number, number];

const ANY: Range = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];

/**
 * How a product of two computed values shares relevance (LRP): `gate` is the operand that modulates the
 * other (its values lie in a bounded non-negative range, as sigmoid gates, ReLU6 and hard-sigmoid do) and
 * the other, the signal, takes all relevance (signal-take-all, Arras et al. 2017); with no single gate,
 * `gate` is null and the relevance is split equally.
 */
export interface ProductRole {
  gate: 0 | 1 | null;
}

/** Host values of the graph's scalar constants that ranges read (read asynchronously: webgpu in Node cannot read synchronously). */
export type ScalarValues = ReadonlyMap<tf.Tensor, number>;

/** Reads the scalar scale and shift of every needed affine op. */
export async function readScalars(graph: ExplanationGraph, needed: readonly number[]): Promise<ScalarValues> {
  const scalars = new Map<tf.Tensor, number>();
  for (const id of needed) {
    const op = graph.nodes[id].op;
    if (op.kind !== 'affine') continue;
    for (const t of [op.scale, op.shift]) if (t && t.size === 1) scalars.set(t, (await t.data())[0]);
  }
  return scalars;
}

/** Range of an affine op x·s + b with scalar constants; unbounded when a constant is not a scalar. */
function affineRange(op: Extract<NodeOp, { kind: 'affine' }>, r: Range, scalars: ScalarValues): Range {
  const s = op.scale ? (scalars.get(op.scale) ?? null) : 1;
  const b = op.shift ? (scalars.get(op.shift) ?? null) : 0;
  if (s === null || b === null) return ANY;
  const ends = [r[0] * s + b, r[1] * s + b].map((v) => (Number.isNaN(v) ? (s === 0 ? b : v) : v));
  return [Math.min(ends[0], ends[1]), Math.max(ends[0], ends[1])];
}

const KEEPS_RANGE = new Set(['move', 'pool', 'global-pool', 'reduce', 'resize', 'input']);

/**
 * Static value ranges of the needed nodes: what activations guarantee, carried through data movement,
 * pooling, bilinear resizing and scalar affine ops (sums and means of a range stay in it only for
 * averages, so sums and linear ops are unbounded). The skipped final softmax counts as unbounded logits.
 */
export function valueRanges(
  graph: ExplanationGraph,
  needed: readonly number[],
  skipOutput: boolean,
  scalars: ScalarValues,
): Map<number, Range> {
  const ranges = new Map<number, Range>();
  for (const id of needed) {
    const node = graph.nodes[id];
    const op = node.op;
    const from = node.inputs.map((i) => ranges.get(i) ?? ANY);
    let r: Range = ANY;
    const activation = op.kind === 'activation' || isLinearOp(op) ? op.activation : null;
    if (id === graph.output && skipOutput) r = ANY;
    else if (activation && activation.name !== 'linear') r = activationRange(activation);
    else if (op.kind === 'affine') r = affineRange(op, from[0], scalars);
    else if (op.kind === 'reduce' && op.reduce === 'sum') r = ANY;
    else if (KEEPS_RANGE.has(op.kind) && from.length > 0) {
      r = [Math.min(...from.map((f) => f[0])), Math.max(...from.map((f) => f[1]))];
      if (op.kind === 'input') r = ANY;
    } else if (
      op.kind === 'merge' &&
      (op.merge === 'average' || op.merge === 'maximum' || op.merge === 'minimum')
    ) {
      r = [Math.min(...from.map((f) => f[0])), Math.max(...from.map((f) => f[1]))];
    }
    ranges.set(id, r);
  }
  return ranges;
}

function isGate(r: Range): boolean {
  return r[0] >= 0 && Number.isFinite(r[1]);
}

/** The role of each product node's operands (see `ProductRole`). */
export function productRoles(
  graph: ExplanationGraph,
  needed: readonly number[],
  ranges: ReadonlyMap<number, Range>,
): Map<number, ProductRole> {
  const roles = new Map<number, ProductRole>();
  for (const id of needed) {
    const node = graph.nodes[id];
    if (node.op.kind !== 'merge' || node.op.merge !== 'multiply' || node.inputs.length !== 2) continue;
    const gates = node.inputs.map((i) => isGate(ranges.get(i) ?? ANY));
    roles.set(id, { gate: gates[0] && !gates[1] ? 0 : gates[1] && !gates[0] ? 1 : null });
  }
  return roles;
}
