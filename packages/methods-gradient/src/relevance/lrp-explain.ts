import {
  type Attribution,
  type CommonExplainOptions,
  checkBatchSize,
  type ExplainableModel,
  type GraphNode,
  OptionError,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { finishAttribution, prepareInputAsync } from '../prepared-input.js';
import { selectorFor } from '../target-select.js';
import {
  checkRuleOptions,
  type InputLayerRuleName,
  type LrpCompositeName,
  type LrpRuleName,
  type RuleChoice,
  ruleFor,
  ruleLabel,
} from './composites.js';
import { type RelevanceGraph, relevanceGraphOf, traceGraph } from './graph-trace.js';
import { type InputTransport, inputTransportOf } from './input-transport.js';
import { isLinearLike } from './linear-view.js';
import { propagateRelevance } from './lrp-propagate.js';
import { outputViewWarnings } from './output-view.js';
import { runInBatches } from './relevance-batches.js';
import type { Bounds, RuleSpec } from './rules.js';

/** Options of `lrp` (defaults as in `lrpExplainer.params`). */
export interface LrpOptions extends CommonExplainOptions {
  /** Rule for every layer when `composite` is `'none'` (default `'epsilon'`). */
  rule?: LrpRuleName;
  /** Rule for the first linear layer(s) when `composite` is `'none'` (default `'same'`: `rule`). */
  inputLayerRule?: InputLayerRuleName;
  /** Rules by layer type and position (default `'none'`); overrides `rule` and `inputLayerRule`. */
  composite?: LrpCompositeName;
  /** ε of the ε rule (default 1e-9, Captum's; 0 gives LRP-0). */
  epsilon?: number;
  /** γ of the γ rule (default 0.25). */
  gamma?: number;
  /** α of the αβ rule (default 2); β = α − 1. */
  alpha?: number;
  /** β of the αβ rule; must equal α − 1 (default α − 1). */
  beta?: number;
  /** [low, high] bounds of the raw input for the z^B rule (default: the model's `inputRange`). */
  inputRange?: readonly [number, number];
}

function choiceOf(options: LrpOptions): RuleChoice {
  const base = {
    epsilon: options.epsilon ?? 1e-9,
    gamma: options.gamma ?? 0.25,
    alpha: options.alpha ?? 2,
    beta: options.beta,
  };
  const beta = checkRuleOptions(base);
  return {
    rule: options.rule ?? 'epsilon',
    inputLayerRule: options.inputLayerRule ?? 'same',
    composite: options.composite ?? 'none',
    epsilon: base.epsilon,
    gamma: base.gamma,
    alpha: base.alpha,
    beta,
  };
}

function assignRules(
  rg: RelevanceGraph,
  choice: RuleChoice,
): { rules: Map<number, RuleSpec>; labels: Record<string, string> } {
  const rules = new Map<number, RuleSpec>();
  const labels: Record<string, string> = {};
  for (const id of rg.needed) {
    const node = rg.graph.nodes[id];
    const op = node.op;
    if (isLinearLike(node)) {
      const rule = ruleFor(rg.graph, node, choice);
      rules.set(id, rule);
      // A node that absorbed a BatchNorm or an activation is reported under its linear layer's name.
      labels[node.source ?? node.name] = ruleLabel(rule);
    } else if ((op.kind === 'pool' || op.kind === 'global-pool') && op.pool === 'max') {
      labels[node.name] = 'winner-take-all';
    }
  }
  return { rules, labels };
}

function boxRange(options: LrpOptions, model: ExplainableModel): readonly [number, number] {
  const range = options.inputRange ?? model.inputRange;
  if (!range) {
    throw new OptionError(
      "The z^B rule (inputLayerRule 'zbox', composite 'epsilon-gamma-box') needs the input's value range: pass inputRange: [low, high] to lrp, or to wrapModel.",
    );
  }
  if (
    !(range.length === 2 && Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])
  ) {
    throw new OptionError(`inputRange must be [low, high] with low < high; got [${range.join(', ')}].`);
  }
  return range;
}

/** Bounds of the graph input: the raw range carried through the (monotone) preprocessing. */
function graphBounds(transport: InputTransport, raw: tf.Tensor, range: readonly [number, number]): Bounds {
  const a = transport.forward(tf.fill(raw.shape, range[0]));
  const b = transport.forward(tf.fill(raw.shape, range[1]));
  return { low: tf.minimum(a, b), high: tf.maximum(a, b) };
}

/**
 * Layer-wise relevance propagation on a wrapped model's explanation graph (see `lrpExplainer`). `meta.relevanceAbsorbed`:
 * per example, what biases, stabilisers and dropped padding absorbed, so that
 * Σ relevance + relevanceAbsorbed = meta.scores (the explained logit); `meta.rules`: layer name → rule label.
 */
export async function explainLrp(
  model: ExplainableModel,
  x: tf.Tensor,
  options: LrpOptions,
): Promise<Attribution> {
  const rg = await relevanceGraphOf(model, 'LRP');
  const choice = choiceOf(options);
  const batchSize = checkBatchSize(options.batchSize ?? 32);
  const { rules, labels } = assignRules(rg, choice);
  const range = [...rules.values()].some((r) => r.name === 'zbox') ? boxRange(options, model) : null;
  const warnings = outputViewWarnings(model, rg, 'LRP');
  const prepared = await prepareInputAsync(model, x, options);
  const transport = inputTransportOf(model);
  const ruleOf = (node: GraphNode) => rules.get(node.id) as RuleSpec;
  try {
    const { values, numbers } = await runInBatches(
      prepared.n,
      batchSize,
      (start, end) =>
        tf.tidy(() => {
          const raw = tf.slice(prepared.x, start, end - start);
          const trace = traceGraph(rg, transport.forward(raw));
          const select = selectorFor(
            prepared.target,
            Array.from({ length: end - start }, (_, i) => start + i),
          );
          // The output's share of the target: for a class index, that class's logit alone.
          const { value: scores, grad: weights } = tf.valueAndGrad((s: tf.Tensor) => select(s))(
            trace.output,
            tf.ones([end - start]),
          );
          const inputBounds = range ? graphBounds(transport, raw, range) : undefined;
          const pass = propagateRelevance(rg, trace, {
            start: tf.mul(trace.output, weights),
            ruleOf,
            inputBounds,
          });
          return {
            values: transport.relevanceBack(raw, pass.relevance),
            numbers: { absorbed: pass.absorbed, scores },
          };
        }),
      { signal: options.signal, onProgress: options.onProgress, phase: 'lrp', warnings },
    );
    return finishAttribution('lrp', prepared, values, {
      relevanceAbsorbed: numbers.absorbed,
      scores: numbers.scores,
      rules: labels,
      ...(warnings.length ? { warnings } : {}),
    });
  } finally {
    prepared.dispose();
  }
}
