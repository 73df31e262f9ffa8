import { type ExplainableModel, OptionError, type ResolvedTarget } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';

/** What a perturbation curve tracks: the target's softmax probability or its pre-softmax score. */
export type ScoreKind = 'probability' | 'logit';

/** Checks a `score` option. */
export function checkScoreKind(kind: unknown, fallback: ScoreKind): ScoreKind {
  if (kind === undefined) return fallback;
  if (kind !== 'probability' && kind !== 'logit')
    throw new OptionError(`score must be 'probability' or 'logit'; got ${String(kind)}.`);
  return kind;
}

/**
 * Scores a batch of copies of example `example` for that example's target, `[B]`. Probability applies a
 * softmax when the model explains logits; models that output probabilities or raw values are scored as
 * they come (a one-output regression head stays as is).
 */
export function scoreCopies(
  model: ExplainableModel,
  copies: tf.Tensor,
  target: ResolvedTarget,
  example: number,
  kind: ScoreKind,
): tf.Tensor1D {
  return tf.tidy(() => {
    let scores = model.forwardBatched(copies);
    if (kind === 'probability' && model.output === 'logits')
      scores = tf.softmax(tf.reshape(scores, [scores.shape[0], -1]));
    const index = target.indices[example];
    if (index === null) return target.select(scores);
    const flat = tf.reshape(scores, [scores.shape[0], -1]);
    return tf.reshape(tf.slice(flat, [0, index], [-1, 1]), [-1]) as tf.Tensor1D;
  });
}
