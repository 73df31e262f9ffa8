import * as tf from '@tensorflow/tfjs';
import { TargetError } from '@loupe/core';
import type { Objective } from './objective.js';

function checkClass(c: number, numOutputs: number, what: string): void {
  if (!Number.isInteger(c) || c < 0 || c >= numOutputs) {
    throw new TargetError(
      `${what}(${c}): class ${c} is out of range; the model has ${numOutputs} outputs, pick 0–${numOutputs - 1}.`,
    );
  }
}

function column(scores: tf.Tensor, c: number): tf.Tensor1D {
  const flat = tf.reshape(scores, [scores.shape[0], -1]);
  return tf.reshape(tf.slice(flat, [0, c], [-1, 1]), [-1]) as tf.Tensor1D;
}

/**
 * The score of class `c` in the wrapped model's output view — the pre-softmax logit for softmax models by
 * default (Simonyan et al. 2013 maximise the unnormalised score so other classes cannot win by falling).
 */
export function classLogit(c: number): Objective {
  return {
    label: `classLogit(${c})`,
    bind(_model, numOutputs) {
      checkClass(c, numOutputs, 'classLogit');
      return (context) => tf.tidy(() => column(context.scores(), c));
    },
  };
}

/** Options of {@link classProbability}. */
export interface ClassProbabilityOptions {
  /** Maximise log p(c | x) instead of p(c | x): same optimum, gradients that do not vanish near 1. Default true. */
  log?: boolean;
}

/**
 * The softmax probability of class `c` (its log by default). A model in the `'probabilities'` view is read
 * as is; any other view is treated as logits and passed through a softmax.
 */
export function classProbability(c: number, options: ClassProbabilityOptions = {}): Objective {
  const log = options.log ?? true;
  return {
    label: log ? `log classProbability(${c})` : `classProbability(${c})`,
    bind(model, numOutputs) {
      checkClass(c, numOutputs, 'classProbability');
      const isProbability = model.output === 'probabilities';
      return (context) =>
        tf.tidy(() => {
          const scores = tf.reshape(context.scores(), [-1, numOutputs]);
          if (isProbability) {
            const p = column(scores, c);
            return (log ? tf.log(tf.maximum(p, 1e-30)) : p) as tf.Tensor1D;
          }
          const logp = column(tf.logSoftmax(scores), c);
          return (log ? logp : tf.exp(logp)) as tf.Tensor1D;
        });
    },
  };
}
