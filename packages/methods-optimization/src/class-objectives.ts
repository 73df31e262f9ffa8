import { TargetError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import type { Objective } from './objective.js';

/** One class for every image, or one per image (an array as long as the batch). */
export type ClassSelection = number | readonly number[];

function describe(c: ClassSelection): string {
  return Array.isArray(c) ? `[${c.join(', ')}]` : String(c);
}

/** Validates the classes and returns a one-hot mask `[batch, numOutputs]` (as plain numbers). */
function oneHot(c: ClassSelection, numOutputs: number, batch: number, what: string): number[][] {
  const classes = typeof c === 'number' ? new Array<number>(batch).fill(c) : [...c];
  if (classes.length !== batch) {
    throw new TargetError(
      `${what}(${describe(c)}): got ${classes.length} classes for a batch of ${batch}; give one class, or one per image.`,
    );
  }
  for (const k of classes) {
    if (!Number.isInteger(k) || k < 0 || k >= numOutputs) {
      throw new TargetError(
        `${what}(${describe(c)}): class ${k} is out of range; the model has ${numOutputs} outputs, pick 0–${numOutputs - 1}.`,
      );
    }
  }
  return classes.map((k) => Array.from({ length: numOutputs }, (_, j) => (j === k ? 1 : 0)));
}

/** Σ_j scores[n, j]·mask[n, j]: the selected class's score per image. */
function select(scores: tf.Tensor, mask: number[][]): tf.Tensor1D {
  return tf.sum(tf.mul(tf.reshape(scores, [scores.shape[0], -1]), tf.tensor2d(mask)), 1) as tf.Tensor1D;
}

/**
 * The score of class `c` (or of class `c[n]` for image n) in the wrapped model's output view — the pre-softmax logit for softmax models by
 * default (Simonyan et al. 2013 maximise the unnormalised score so other classes cannot win by falling).
 */
export function classLogit(c: ClassSelection): Objective {
  return {
    label: `classLogit(${describe(c)})`,
    bind(_model, numOutputs, batch) {
      const mask = oneHot(c, numOutputs, batch, 'classLogit');
      return (context) => tf.tidy(() => select(context.scores(), mask));
    },
  };
}

/** Options of {@link classProbability}. */
export interface ClassProbabilityOptions {
  /** Maximise log p(c | x) instead of p(c | x): same optimum, gradients that do not vanish near 1. Default true. */
  log?: boolean;
}

/**
 * The softmax probability of class `c` (or `c[n]` for image n; its log by default). A model in the `'probabilities'` view is read
 * as is; any other view is treated as logits and passed through a softmax.
 */
export function classProbability(c: ClassSelection, options: ClassProbabilityOptions = {}): Objective {
  const log = options.log ?? true;
  return {
    label: log ? `log classProbability(${describe(c)})` : `classProbability(${describe(c)})`,
    bind(model, numOutputs, batch) {
      const mask = oneHot(c, numOutputs, batch, 'classProbability');
      const isProbability = model.output === 'probabilities';
      return (context) =>
        tf.tidy(() => {
          const scores = tf.reshape(context.scores(), [-1, numOutputs]);
          if (isProbability) {
            const p = select(scores, mask);
            return (log ? tf.log(tf.maximum(p, 1e-30)) : p) as tf.Tensor1D;
          }
          const logp = select(tf.logSoftmax(scores), mask);
          return (log ? logp : tf.exp(logp)) as tf.Tensor1D;
        });
    },
  };
}
