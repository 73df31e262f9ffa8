import { type ExplainableModel, OptionError, type ResolvedTarget } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * What a perturbation curve tracks: `'probability'` (the target's softmax probability), `'logit'` (its
 * pre-softmax score: the model's output in the `'logits'` or `'raw'` view), or `'auto'` (the probability
 * when the model gives one, else the raw score with a warning in the result).
 */
export type ScoreKind = 'auto' | 'probability' | 'logit';

/** The score a curve actually tracked, and why it may not be what was asked for. */
export interface ResolvedScore {
  kind: 'probability' | 'logit';
  /** Set when `'auto'` fell back to the raw output: says what was tracked and how to get a probability. */
  warning?: string;
}

/** The model's output view in words, for messages. */
function viewOf(model: ExplainableModel): string {
  return `this model's output view is '${model.output}'`;
}

/**
 * Checks a `score` option against the model's output view (never calls a logit a probability):
 * a probability of a `'raw'` model and a logit of a `'probabilities'` model are `OptionError`s that say
 * what to declare; `'auto'` (or no option) tracks the probability where there is one and otherwise the raw
 * score, with a warning.
 */
export function resolveScore(model: ExplainableModel, kind: unknown): ResolvedScore {
  const requested = kind ?? 'auto';
  if (requested !== 'auto' && requested !== 'probability' && requested !== 'logit')
    throw new OptionError(`score must be 'auto', 'probability' or 'logit'; got ${String(requested)}.`);
  if (requested === 'probability' && model.output === 'raw') {
    throw new OptionError(
      `score 'probability' needs probabilities, but ${viewOf(model)} (its last layer has no softmax), so its outputs are not known to be logits. ` +
        "If they are logits, wrap it with wrapModel(model, { output: 'logits' }); if they are probabilities, with { output: 'probabilities' }; otherwise use score: 'logit' (the raw output).",
    );
  }
  if (requested === 'logit' && model.output === 'probabilities') {
    throw new OptionError(
      `score 'logit' needs the pre-softmax score, but ${viewOf(model)}. Use score: 'probability', or wrap a model that ends in a softmax with { output: 'logits' }.`,
    );
  }
  if (requested !== 'auto') return { kind: requested };
  if (model.output !== 'raw') return { kind: 'probability' };
  return {
    kind: 'logit',
    warning:
      `The curve tracks the model's raw output, not a probability: ${viewOf(model)} (no final softmax). ` +
      "Wrap the model with { output: 'logits' } (or 'probabilities') to track the probability.",
  };
}

/**
 * Scores a batch of copies of example `example` for that example's target, `[B]`. `'probability'`
 * applies a softmax when the model explains logits (a `'probabilities'` view is read as is); `'logit'` is
 * the model's output as it comes. Resolve the kind with {@link resolveScore} first.
 */
export function scoreCopies(
  model: ExplainableModel,
  copies: tf.Tensor,
  target: ResolvedTarget,
  example: number,
  kind: ResolvedScore['kind'],
): tf.Tensor1D {
  return tf.tidy(() => scoreOutputs(model, model.forwardBatched(copies), target, example, kind));
}

/** `scoreCopies` from the model's outputs for the copies (`[B, ...]`, e.g. computed on a worker pool). */
export function scoreOutputs(
  model: ExplainableModel,
  outputs: tf.Tensor,
  target: ResolvedTarget,
  example: number,
  kind: ResolvedScore['kind'],
): tf.Tensor1D {
  return tf.tidy(() => {
    let scores = outputs;
    if (kind === 'probability' && model.output === 'logits')
      scores = tf.softmax(tf.reshape(scores, [scores.shape[0], -1]));
    return target.selectFor(new Array<number>(scores.shape[0]).fill(example))(scores);
  });
}
