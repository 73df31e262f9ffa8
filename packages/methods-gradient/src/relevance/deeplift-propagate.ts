import { type ActivationSpec, applyActivation, type NodeOp, UnsupportedLayerError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import {
  type GraphTrace,
  hasActiveNonlinearity,
  nodeActivation,
  type RelevanceGraph,
} from './graph-trace.js';
import { linearViewOf, linearVjp } from './linear-view.js';
import { accumulate, moveBack } from './structural.js';
import { routeToWinners } from './winner-take-all.js';

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
 * Max pooling: each window's output difference max(x) − max(x₀) goes to the argmax of x when
 * max(x) ≥ max(x₀), else to the argmax of x₀, as a multiplier over that position's input difference.
 */
function maxPoolMultiplier(
  op: Extract<NodeOp, { kind: 'pool' | 'global-pool' }>,
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
 * DeepLIFT's backward pass (Shrikumar et al. 2017, Rescale rule) on a trace of the batch [x; x₀] (2n
 * rows): multipliers m = ∂Δscore/∂Δvalue flow from the output to the input. Linear nodes pass them
 * through their transposed weights; elementwise nonlinearities scale them by Δy/Δx; max pooling follows
 * the rule above. Returns the multipliers at the graph input `[n, ...]`. Call inside `tf.tidy`.
 */
export function propagateMultipliers(rg: RelevanceGraph, trace: GraphTrace, start: tf.Tensor): tf.Tensor {
  const { graph } = rg;
  const n = start.shape[0];
  const multipliers = new Map<number, tf.Tensor>([[graph.output, start]]);
  for (let k = rg.needed.length - 1; k >= 0; k--) {
    const id = rg.needed[k];
    const m = multipliers.get(id);
    const node = graph.nodes[id];
    const op = node.op;
    if (!m || op.kind === 'input') continue;
    const inputs = node.inputs.map((i) => trace.values.get(i) as tf.Tensor);
    const first = inputs.map((t) => tf.slice(t, 0, n));
    const output = trace.values.get(id) as tf.Tensor;
    const spec = nodeActivation(node);
    const active = spec !== null && hasActiveNonlinearity(rg, node);
    let down: tf.Tensor[];
    if (op.kind === 'activation') {
      down = [active ? tf.mul(m, rescale(op.activation, inputs[0], output, n)) : m];
    } else if ((op.kind === 'pool' || op.kind === 'global-pool') && op.pool === 'max') {
      down = [maxPoolMultiplier(op, inputs[0], output, m, n)];
    } else {
      const moved = moveBack(node, first, m);
      if (moved) down = moved;
      else {
        const view = linearViewOf(node);
        if (!view)
          throw new UnsupportedLayerError(
            `No DeepLIFT rule for node "${node.name}" (${op.kind}); relevanceGraphOf should have rejected it.`,
          );
        const pre = trace.pre.get(id);
        const atPre = active && spec && pre ? tf.mul(m, rescale(spec, pre, output, n)) : m;
        down = linearVjp(view, 'plain', first, atPre);
      }
    }
    node.inputs.forEach((i, j) => {
      accumulate(multipliers, i, down[j]);
    });
  }
  return (
    multipliers.get(graph.input) ?? tf.zerosLike(tf.slice(trace.values.get(graph.input) as tf.Tensor, 0, n))
  );
}
