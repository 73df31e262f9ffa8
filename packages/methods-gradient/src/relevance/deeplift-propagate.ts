import {
  type ActivationSpec,
  applyActivation,
  applyOp,
  type GraphNode,
  UnsupportedLayerError,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  type GraphTrace,
  hasActiveNonlinearity,
  nodeActivation,
  type RelevanceGraph,
} from './graph-trace.js';
import { linearViewOf, linearVjp } from './linear-view.js';
import { accumulate, moveBack } from './structural.js';
import { isWinnerOp, routeToWinners, sumToShape, type WinnerOp } from './winner-take-all.js';

/** Below this input difference a multiplier Δy/Δx is numerically meaningless; the gradient at x is used. */
const TINY_DIFFERENCE = 1e-6;

function halves(t: tf.Tensor, n: number): [tf.Tensor, tf.Tensor] {
  return [tf.slice(t, 0, n), tf.slice(t, n, n)];
}

/** Δ/Δ where the denominator is not tiny, else `fallback`. */
function ratioOr(num: tf.Tensor, den: tf.Tensor, fallback: tf.Tensor): tf.Tensor {
  const big = tf.greater(tf.abs(den), TINY_DIFFERENCE);
  return tf.where(big, tf.div(num, tf.where(big, den, tf.onesLike(den))), fallback);
}

/** Rescale rule: m = Δy/Δx for an elementwise nonlinearity y = σ(x), the derivative σ'(x) where Δx ≈ 0. */
function rescale(spec: ActivationSpec, input: tf.Tensor, output: tf.Tensor, n: number): tf.Tensor {
  const [x, x0] = halves(input, n);
  const [y, y0] = halves(output, n);
  const slope = tf.grad((v: tf.Tensor) => applyActivation(spec, v))(x);
  return ratioOr(tf.sub(y, y0), tf.sub(x, x0), slope);
}

/**
 * Max pooling and max/min reductions: each output's difference y − y₀ goes to the winner in x when
 * y ≥ y₀ (the winner in x₀ otherwise), as a multiplier over that position's input difference.
 */
function winnerMultiplier(
  op: WinnerOp,
  input: tf.Tensor,
  output: tf.Tensor,
  m: tf.Tensor,
  n: number,
): tf.Tensor {
  const [a, a0] = halves(input, n);
  const [y, y0] = halves(output, n);
  const xWins = tf.cast(tf.greaterEqual(y, y0), 'float32');
  const contribution = tf.mul(m, tf.sub(y, y0));
  const routed = tf.add(
    routeToWinners(op, a, tf.mul(contribution, xWins)),
    routeToWinners(op, a0, tf.mul(contribution, tf.sub(1, xWins))),
  );
  return ratioOr(routed, tf.sub(a, a0), routeToWinners(op, a, m));
}

/**
 * A binary op f(a, b) of two computed values (product, quotient, maximum, minimum): the two-player
 * Shapley split of Δf, C_a = ½[f(a, b₀) − f(a₀, b₀) + f(a, b) − f(a₀, b)] (and C_b alike), sums exactly to
 * f(a, b) − f(a₀, b₀). For a product it gives multipliers b̄ and ā, the gate's mean value times the signal
 * difference and vice versa. Multipliers m_a = C_a/Δa (∂f/∂a at x where Δa ≈ 0), summed over broadcasting.
 */
function binaryMultipliers(
  node: GraphNode,
  inputs: readonly tf.Tensor[],
  m: tf.Tensor,
  n: number,
): tf.Tensor[] {
  const f = (a: tf.Tensor, b: tf.Tensor) => applyOp(node.op, [a, b]);
  const [a, a0] = halves(inputs[0], n);
  const [b, b0] = halves(inputs[1], n);
  const fab = f(a, b);
  const f00 = f(a0, b0);
  const fa0 = f(a, b0);
  const f0b = f(a0, b);
  const ca = tf.mul(0.5, tf.add(tf.sub(fa0, f00), tf.sub(fab, f0b)));
  const cb = tf.mul(0.5, tf.add(tf.sub(f0b, f00), tf.sub(fab, fa0)));
  const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => f(p, q))([a, b], tf.onesLike(fab));
  const da = tf.sub(a, a0);
  const db = tf.sub(b, b0);
  const outShape = fab.shape;
  // A broadcast operand's element collects every output element it contributed to: its multiplier is the
  // summed contribution over its summed change (the summed gradient where that change is ≈ 0).
  const per = (c: tf.Tensor, d: tf.Tensor, g: tf.Tensor) => {
    if (d.size === fab.size)
      return tf.mul(m, ratioOr(c, tf.broadcastTo(d, outShape), tf.broadcastTo(g, outShape)));
    const total = sumToShape(tf.mul(m, c), d.shape);
    return ratioOr(total, d, sumToShape(tf.mul(m, tf.broadcastTo(g, outShape)), d.shape));
  };
  return [per(ca, da, ga), per(cb, db, gb)];
}

/**
 * A matrix product of two computed values is bilinear, so its Shapley split is exact with each operand's
 * multiplier taken at the other's midpoint: m_a = ∂(m·f(a, b̄))/∂a, m_b = ∂(m·f(ā, b))/∂b, and
 * Σ m_a Δa + m_b Δb = m · (f(a, b) − f(a₀, b₀)).
 */
function bilinearMultipliers(
  node: GraphNode,
  inputs: readonly tf.Tensor[],
  m: tf.Tensor,
  n: number,
): tf.Tensor[] {
  const f = (a: tf.Tensor, b: tf.Tensor) => applyOp(node.op, [a, b]);
  const [a, a0] = halves(inputs[0], n);
  const [b, b0] = halves(inputs[1], n);
  const aMid = tf.mul(0.5, tf.add(a, a0));
  const bMid = tf.mul(0.5, tf.add(b, b0));
  const ma = tf.grad((v: tf.Tensor) => f(v, bMid))(a, m);
  const mb = tf.grad((v: tf.Tensor) => f(aMid, v))(b, m);
  return [ma, mb];
}

/** Multipliers of one node's inputs (first half of the trace's rows). */
function nodeMultipliers(
  rg: RelevanceGraph,
  trace: GraphTrace,
  node: GraphNode,
  m: tf.Tensor,
  n: number,
): tf.Tensor[] {
  const op = node.op;
  const inputs = node.inputs.map((i) => trace.values.get(i) as tf.Tensor);
  const output = trace.values.get(node.id) as tf.Tensor;
  const spec = nodeActivation(node);
  const active = spec !== null && hasActiveNonlinearity(rg, node);
  if (op.kind === 'activation') return [active ? tf.mul(m, rescale(op.activation, inputs[0], output, n)) : m];
  if (isWinnerOp(op)) return [winnerMultiplier(op, inputs[0], output, m, n)];
  if (
    op.kind === 'merge' &&
    ['multiply', 'divide', 'maximum', 'minimum'].includes(op.merge) &&
    inputs.length === 2
  ) {
    return binaryMultipliers(node, inputs, m, n);
  }
  if (op.kind === 'matmul' && op.constant === null) return bilinearMultipliers(node, inputs, m, n);
  const first = inputs.map((t) => tf.slice(t, 0, n));
  const moved = moveBack(node, first, m);
  if (moved) return moved;
  const view = linearViewOf(node);
  if (!view) {
    throw new UnsupportedLayerError(
      `No DeepLIFT rule for node "${node.name}" (${op.kind}); relevanceGraphOf should have rejected it.`,
    );
  }
  const pre = trace.pre.get(node.id);
  const atPre = active && spec && pre ? tf.mul(m, rescale(spec, pre, output, n)) : m;
  return linearVjp(view, 'plain', first, atPre);
}

/**
 * DeepLIFT's backward pass (Shrikumar et al. 2017, Rescale rule) on a trace of the batch [x; x₀] (2n
 * rows): multipliers m = ∂Δscore/∂Δvalue flow from the output to the input. Linear nodes pass them
 * through their transposed weights; elementwise nonlinearities scale them by Δy/Δx; maxima follow their
 * winners; products and quotients of computed values use the Shapley split. Returns the multipliers at
 * each graph input `[n, ...]` (or at `rg.from`). Call inside `tf.tidy`.
 */
export function propagateMultipliers(rg: RelevanceGraph, trace: GraphTrace, start: tf.Tensor): tf.Tensor[] {
  const { graph } = rg;
  const n = start.shape[0];
  const multipliers = new Map<number, tf.Tensor>([[graph.output, start]]);
  for (let k = rg.needed.length - 1; k >= 0; k--) {
    const id = rg.needed[k];
    const m = multipliers.get(id);
    const node = graph.nodes[id];
    if (!m || node.op.kind === 'input' || rg.below.has(id)) continue;
    const down = nodeMultipliers(rg, trace, node, m, n);
    node.inputs.forEach((i, j) => {
      accumulate(multipliers, i, down[j]);
    });
  }
  const ends = rg.from === null ? graph.inputs : [rg.from];
  return ends.map(
    (id) => multipliers.get(id) ?? tf.zerosLike(tf.slice(trace.values.get(id) as tf.Tensor, 0, n)),
  );
}
