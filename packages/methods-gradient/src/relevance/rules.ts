import { OptionError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { type LinearView, linearVjp, type WeightMode } from './linear-view.js';

/**
 * One LRP rule with its parameters (Montavon et al. 2019, "Layer-wise relevance propagation: an
 * overview"; parameterisation as in zennit, Anders et al. 2021):
 * - `epsilon`: R_i = a_i Σ_j w_ij R_j / (z_j + ε·sign(z_j)), z including the bias (ε = 0 is LRP-0).
 * - `gamma`: the ε formula with w + γw⁺ and b + γb⁺, favouring positive contributions.
 * - `alpha-beta`: α·(positive contributions, normalised by z⁺ incl. b⁺) − β·(negative ones, by z⁻ incl. b⁻), α − β = 1.
 * - `zplus`: the positive part alone (α = 1, β = 0): contributions a_i⁺w_ij⁺ + a_i⁻w_ij⁻, bias b⁺.
 * - `zbox`: the z^B rule for bounded inputs l ≤ x ≤ h: z_ij = x_i w_ij − l_i w_ij⁺ − h_i w_ij⁻, no bias.
 * - `flat`: every connected input gets an equal share (weights and inputs set to 1).
 * - `wsquare`: shares proportional to w_ij² (inputs set to 1).
 */
export type RuleSpec =
  | { name: 'epsilon'; epsilon: number }
  | { name: 'gamma'; gamma: number }
  | { name: 'alpha-beta'; alpha: number; beta: number }
  | { name: 'zplus' }
  | { name: 'zbox' }
  | { name: 'flat' }
  | { name: 'wsquare' };

/** Lower and upper input bounds of the z^B rule, broadcastable to the layer's input. */
export interface Bounds {
  low: tf.Tensor;
  high: tf.Tensor;
}

/** Relevance of each input of a node, and what the node's bias and stabiliser absorbed, per example `[N]`. */
export interface RuleResult {
  relevance: tf.Tensor[];
  absorbed: tf.Tensor;
}

/** Added to denominators of the rules other than ε so that a zero pre-activation cannot divide by zero. */
const STABILIZER = 1e-9;

/** Sum over all but the batch axis: `[N, ...] → [N]`. */
export function perExampleSum(t: tf.Tensor): tf.Tensor {
  return tf.sum(tf.reshape(t, [t.shape[0], -1]), 1);
}

/** R / (z + ε·sign(z)) with sign(0) = +1, and 0 where the denominator is exactly 0 (ε = 0). */
function stabilizedShare(relevance: tf.Tensor, z: tf.Tensor, epsilon: number): tf.Tensor {
  const denom =
    epsilon === 0
      ? z
      : tf.add(z, tf.mul(tf.where(tf.greaterEqual(z, 0), tf.onesLike(z), tf.neg(tf.onesLike(z))), epsilon));
  return tf.where(tf.equal(denom, 0), tf.zerosLike(relevance), tf.div(relevance, denom));
}

/** What the layer did not pass down: Σ_j (R_j − s_j·zn_j), zn the modified forward without bias. */
function absorbedBy(relevance: tf.Tensor, passed: tf.Tensor): tf.Tensor {
  return perExampleSum(tf.sub(relevance, passed));
}

const positive = (xs: readonly tf.Tensor[]) => xs.map((x) => tf.relu(x));
const negative = (xs: readonly tf.Tensor[]) => xs.map((x) => tf.minimum(x, 0));
const withBias = (zn: tf.Tensor, b: tf.Tensor | null) => (b ? tf.add(zn, b) : zn);

/** Signed rules (ε, γ): one modified forward with the bias included. */
function signedRule(
  view: LinearView,
  inputs: readonly tf.Tensor[],
  relevance: tf.Tensor,
  mode: WeightMode,
  epsilon: number,
  output?: tf.Tensor,
): RuleResult {
  const b = view.bias(mode);
  // The plain forward is the node's own pre-activation, which the trace already computed.
  const z = mode === 'plain' && output ? output : withBias(view.apply(inputs, mode), b);
  const zn = b ? tf.sub(z, b) : z;
  const s = stabilizedShare(relevance, z, epsilon);
  const grads = linearVjp(view, mode, inputs, s);
  return {
    relevance: inputs.map((a, k) => tf.mul(a, grads[k])),
    absorbed: absorbedBy(relevance, tf.mul(s, zn)),
  };
}

/**
 * One sign part of αβ: contributions of sign `sign`, their share s and the bias-free sum s·zn. With
 * inputs known to be ≥ 0 (after a ReLU) the a⁻ terms vanish and are skipped.
 */
function signPart(
  view: LinearView,
  inputs: readonly tf.Tensor[],
  relevance: tf.Tensor,
  sign: 1 | -1,
  nonNegative: boolean,
) {
  // Positive contributions: a⁺w⁺ + a⁻w⁻; negative ones: a⁺w⁻ + a⁻w⁺.
  const [forPos, forNeg]: WeightMode[] = sign === 1 ? ['positive', 'negative'] : ['negative', 'positive'];
  const pos = nonNegative ? inputs : positive(inputs);
  const neg = nonNegative ? null : negative(inputs);
  const zPos = view.apply(pos, forPos);
  const zn = neg ? tf.add(zPos, view.apply(neg, forNeg)) : zPos;
  const z = withBias(zn, view.bias(sign === 1 ? 'positive' : 'negative'));
  const s = stabilizedShare(relevance, z, STABILIZER);
  const gPos = linearVjp(view, forPos, pos, s);
  const gNeg = neg ? linearVjp(view, forNeg, neg, s) : null;
  return {
    relevance: inputs.map((_, k) => {
      const r = tf.mul(pos[k], gPos[k]);
      return neg && gNeg ? tf.add(r, tf.mul(neg[k], gNeg[k])) : r;
    }),
    passed: tf.mul(s, zn),
  };
}

function alphaBeta(
  view: LinearView,
  inputs: readonly tf.Tensor[],
  relevance: tf.Tensor,
  alpha: number,
  beta: number,
  nonNegative: boolean,
): RuleResult {
  const plus = signPart(view, inputs, relevance, 1, nonNegative);
  if (beta === 0) {
    return {
      relevance: plus.relevance.map((r) => tf.mul(r, alpha)),
      absorbed: absorbedBy(relevance, tf.mul(plus.passed, alpha)),
    };
  }
  const minus = signPart(view, inputs, relevance, -1, nonNegative);
  return {
    relevance: plus.relevance.map((r, k) => tf.sub(tf.mul(r, alpha), tf.mul(minus.relevance[k], beta))),
    absorbed: absorbedBy(relevance, tf.sub(tf.mul(plus.passed, alpha), tf.mul(minus.passed, beta))),
  };
}

function zBox(
  view: LinearView,
  inputs: readonly tf.Tensor[],
  relevance: tf.Tensor,
  bounds: Bounds,
): RuleResult {
  const x = inputs[0];
  const low = tf.broadcastTo(bounds.low, x.shape);
  const high = tf.broadcastTo(bounds.high, x.shape);
  const zn = tf.sub(
    tf.sub(view.apply([x], 'plain'), view.apply([low], 'positive')),
    view.apply([high], 'negative'),
  );
  const s = stabilizedShare(relevance, zn, STABILIZER);
  const [g] = linearVjp(view, 'plain', [x], s);
  const [gPos] = linearVjp(view, 'positive', [low], s);
  const [gNeg] = linearVjp(view, 'negative', [high], s);
  const r = tf.sub(tf.sub(tf.mul(x, g), tf.mul(low, gPos)), tf.mul(high, gNeg));
  return { relevance: [r], absorbed: absorbedBy(relevance, tf.mul(s, zn)) };
}

function uniformInputRule(
  view: LinearView,
  inputs: readonly tf.Tensor[],
  relevance: tf.Tensor,
  mode: 'ones' | 'square',
): RuleResult {
  const ones = inputs.map((x) => tf.onesLike(x));
  const zn = view.apply(ones, mode);
  const s = stabilizedShare(relevance, zn, 0);
  return { relevance: linearVjp(view, mode, ones, s), absorbed: absorbedBy(relevance, tf.mul(s, zn)) };
}

/** What a rule may use besides the node's inputs and relevance. */
export interface RuleContext {
  /** Input bounds; required by `zbox`. */
  bounds?: Bounds;
  /** The node's pre-activation from the forward pass; saves the ε rule one forward. */
  output?: tf.Tensor;
  /** The inputs are known to be ≥ 0 (e.g. ReLU outputs); lets z⁺ and αβ skip the a⁻ terms. */
  nonNegative?: boolean;
}

/**
 * Applies a rule to a node that is linear up to a bias, by the "gradient × input of a modified forward"
 * identity: for z = W̃a, Σ_j W̃_ij s_j is the vector–Jacobian product of the modified forward with s.
 * Call inside `tf.tidy`.
 */
export function applyRule(
  rule: RuleSpec,
  view: LinearView,
  inputs: readonly tf.Tensor[],
  relevance: tf.Tensor,
  context: RuleContext = {},
): RuleResult {
  const nonNegative = context.nonNegative === true;
  switch (rule.name) {
    case 'epsilon':
      return signedRule(view, inputs, relevance, 'plain', rule.epsilon, context.output);
    case 'gamma':
      return signedRule(view, inputs, relevance, { gamma: rule.gamma }, STABILIZER);
    case 'alpha-beta':
      return alphaBeta(view, inputs, relevance, rule.alpha, rule.beta, nonNegative);
    case 'zplus':
      return alphaBeta(view, inputs, relevance, 1, 0, nonNegative);
    case 'zbox':
      if (!context.bounds)
        throw new OptionError('The z^B rule needs the input bounds: pass inputRange: [low, high].');
      return zBox(view, inputs, relevance, context.bounds);
    case 'flat':
      return uniformInputRule(view, inputs, relevance, 'ones');
    case 'wsquare':
      return uniformInputRule(view, inputs, relevance, 'square');
  }
}
