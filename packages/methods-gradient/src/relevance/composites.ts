import { type ExplanationGraph, type GraphNode, OptionError } from '@loupe/core';
import type { RuleSpec } from './rules.js';

/** Rules that can be applied to every layer (option `rule`). */
export const LRP_RULES = ['epsilon', 'gamma', 'alpha-beta', 'zplus', 'flat', 'wsquare'] as const;
/** A rule name for option `rule`. */
export type LrpRuleName = (typeof LRP_RULES)[number];

/** Rules for the first linear layer (option `inputLayerRule`); `'same'` uses `rule` there too. */
export const INPUT_LAYER_RULES = ['same', 'zbox', 'flat', 'wsquare'] as const;
/** A rule name for option `inputLayerRule`. */
export type InputLayerRuleName = (typeof INPUT_LAYER_RULES)[number];

/**
 * Composites: rules assigned by layer type and position (names and assignments as in zennit, Anders et
 * al. 2021, and Kohlbrenner et al. 2020, "Towards best practice in explaining neural network decisions
 * with LRP"). "conv" means Conv1D/Conv2D/DepthwiseConv2D (and both halves of a SeparableConv2D); "dense"
 * Dense; "first" the linear layer(s) reading the input; every other linear node (average pooling, an
 * unfolded BatchNorm, Add/Subtract/Average) gets ε.
 * - `epsilon-plus`: conv z⁺, dense ε.
 * - `epsilon-plus-flat`: first flat, other conv z⁺, dense ε.
 * - `epsilon-gamma-box`: first z^B, other conv γ, dense ε.
 * - `epsilon-alpha2-beta1`: conv α=2 β=1, dense ε.
 * - `epsilon-alpha2-beta1-flat`: first flat, other conv α=2 β=1, dense ε.
 * `none` applies `rule` everywhere (and `inputLayerRule` to the first layer).
 */
export const LRP_COMPOSITES = [
  'none',
  'epsilon-plus',
  'epsilon-plus-flat',
  'epsilon-gamma-box',
  'epsilon-alpha2-beta1',
  'epsilon-alpha2-beta1-flat',
] as const;
/** A composite name for option `composite`. */
export type LrpCompositeName = (typeof LRP_COMPOSITES)[number];

/** The rule options a rule assignment reads. */
export interface RuleChoice {
  rule: LrpRuleName;
  inputLayerRule: InputLayerRuleName;
  composite: LrpCompositeName;
  epsilon: number;
  gamma: number;
  alpha: number;
  beta: number;
}

type LayerType = 'conv' | 'dense' | 'other';

function layerType(node: GraphNode): LayerType {
  const kind = node.op.kind;
  if (kind === 'conv' || kind === 'depthwise' || kind === 'conv-transpose') return 'conv';
  if (kind === 'dense') return 'dense';
  return 'other';
}

/** True for dense/conv nodes fed by the graph input directly or through data movement and constant affine ops. */
export function isFirstLayer(graph: ExplanationGraph, node: GraphNode): boolean {
  if (layerType(node) === 'other') return false;
  const fromInput = (id: number): boolean => {
    const n = graph.nodes[id];
    if (n.op.kind === 'input') return true;
    // Data movement and constant scale/shift (preprocessing inside a converted graph) keep it first.
    if ((n.op.kind === 'move' || n.op.kind === 'affine') && n.inputs.length === 1)
      return fromInput(n.inputs[0]);
    return false;
  };
  return node.inputs.every(fromInput);
}

function named(name: LrpRuleName | 'zbox', c: RuleChoice): RuleSpec {
  switch (name) {
    case 'epsilon':
      return { name, epsilon: c.epsilon };
    case 'gamma':
      return { name, gamma: c.gamma };
    case 'alpha-beta':
      return { name, alpha: c.alpha, beta: c.beta };
    default:
      return { name };
  }
}

/** The rule a linear-like node gets under the chosen rule options. */
export function ruleFor(graph: ExplanationGraph, node: GraphNode, c: RuleChoice): RuleSpec {
  const type = layerType(node);
  const first = isFirstLayer(graph, node);
  const epsilon = named('epsilon', c);
  if (node.op.kind === 'batchnorm' || node.op.kind === 'affine') return epsilon;
  switch (c.composite) {
    case 'none':
      return first && c.inputLayerRule !== 'same' ? named(c.inputLayerRule, c) : named(c.rule, c);
    case 'epsilon-plus':
      return type === 'conv' ? { name: 'zplus' } : epsilon;
    case 'epsilon-plus-flat':
      return first ? { name: 'flat' } : type === 'conv' ? { name: 'zplus' } : epsilon;
    case 'epsilon-gamma-box':
      return first ? { name: 'zbox' } : type === 'conv' ? { name: 'gamma', gamma: c.gamma } : epsilon;
    case 'epsilon-alpha2-beta1':
      return type === 'conv' ? { name: 'alpha-beta', alpha: 2, beta: 1 } : epsilon;
    case 'epsilon-alpha2-beta1-flat':
      return first ? { name: 'flat' } : type === 'conv' ? { name: 'alpha-beta', alpha: 2, beta: 1 } : epsilon;
  }
}

/** A short label of a rule for `meta.rules`, e.g. `epsilon(0.01)`, `alpha-beta(2,1)`. */
export function ruleLabel(rule: RuleSpec): string {
  switch (rule.name) {
    case 'epsilon':
      return `epsilon(${rule.epsilon})`;
    case 'gamma':
      return `gamma(${rule.gamma})`;
    case 'alpha-beta':
      return `alpha-beta(${rule.alpha},${rule.beta})`;
    default:
      return rule.name;
  }
}

/**
 * Checks the numeric rule options: ε ≥ 0, γ ≥ 0, α ≥ 1 and β = α − 1 (β defaults to α − 1; a given β
 * must satisfy it). Returns β. Throws `OptionError` saying what to change.
 */
export function checkRuleOptions(o: {
  epsilon: number;
  gamma: number;
  alpha: number;
  beta?: number;
}): number {
  if (!(o.epsilon >= 0) || !Number.isFinite(o.epsilon))
    throw new OptionError(`epsilon must be a finite number ≥ 0; got ${o.epsilon}.`);
  if (!(o.gamma >= 0) || !Number.isFinite(o.gamma))
    throw new OptionError(`gamma must be a finite number ≥ 0; got ${o.gamma}.`);
  if (!(o.alpha >= 1) || !Number.isFinite(o.alpha))
    throw new OptionError(`alpha must be ≥ 1 (β = α − 1 ≥ 0); got ${o.alpha}.`);
  const beta = o.beta ?? o.alpha - 1;
  if (!Number.isFinite(beta) || Math.abs(o.alpha - beta - 1) > 1e-9) {
    throw new OptionError(
      `The αβ rule needs α − β = 1 so that relevance is conserved; got alpha ${o.alpha}, beta ${beta}. Pass alpha only (β = α − 1).`,
    );
  }
  return beta;
}
