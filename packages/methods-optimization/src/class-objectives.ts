import { OptionError, type ResolvedTarget, resolveTarget, TargetError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Objective } from './objective.js';

/** One class for every image, or one per image (an array as long as the batch). */
export type ClassSelection = number | readonly number[];

function describe(c: ClassSelection): string {
  return Array.isArray(c) ? `[${c.join(', ')}]` : String(c);
}

/**
 * Validates the classes (core's target rules: one per image or one for all, each in range) and returns the
 * selector of the chosen class's score per image. Errors are prefixed with the objective, for context.
 */
function classSelector(
  c: ClassSelection,
  numOutputs: number,
  batch: number,
  what: string,
): ResolvedTarget['select'] {
  try {
    // A class selection is never 'predicted', so the scores callback is never called.
    return resolveTarget(c, batch, numOutputs, () => {
      throw new TargetError(`${what} needs explicit classes.`);
    }).select;
  } catch (err) {
    if (err instanceof TargetError) throw new TargetError(`${what}(${describe(c)}): ${err.message}`);
    throw err;
  }
}

/**
 * The score of class `c` (or of class `c[n]` for image n) in the wrapped model's output view — the pre-softmax logit for softmax models by
 * default (Simonyan et al. 2013 maximise the unnormalised score so other classes cannot win by falling).
 */
export function classLogit(c: ClassSelection): Objective {
  return {
    label: `classLogit(${describe(c)})`,
    bind(_model, numOutputs, batch) {
      const select = classSelector(c, numOutputs, batch, 'classLogit');
      return (context) => tf.tidy(() => select(context.scores()));
    },
  };
}

/** Options of {@link classProbability}. */
export interface ClassProbabilityOptions {
  /** Maximise log p(c | x) instead of p(c | x): same optimum, gradients that do not vanish near 1. Default true. */
  log?: boolean;
}

/**
 * The softmax probability of class `c` (or `c[n]` for image n; its log by default). A model in the
 * `'probabilities'` view is read as is, one in the `'logits'` view passes through a softmax. A `'raw'` model
 * gives no probability (its outputs are not known to be logits): binding to one throws `OptionError`.
 */
export function classProbability(c: ClassSelection, options: ClassProbabilityOptions = {}): Objective {
  const log = options.log ?? true;
  return {
    label: log ? `log classProbability(${describe(c)})` : `classProbability(${describe(c)})`,
    bind(model, numOutputs, batch) {
      if (model.output === 'raw')
        throw new OptionError(
          `classProbability(${describe(c)}) needs probabilities, but this model's output view is 'raw' (its last layer has no softmax). ` +
            "If its outputs are logits, wrap it with wrapModel(model, { output: 'logits' }); otherwise maximise classLogit.",
        );
      const select = classSelector(c, numOutputs, batch, 'classProbability');
      const isProbability = model.output === 'probabilities';
      return (context) =>
        tf.tidy(() => {
          const scores = tf.reshape(context.scores(), [-1, numOutputs]);
          if (isProbability) {
            const p = select(scores);
            return (log ? tf.log(tf.maximum(p, 1e-30)) : p) as tf.Tensor1D;
          }
          const logp = select(tf.logSoftmax(scores));
          return (log ? logp : tf.exp(logp)) as tf.Tensor1D;
        });
    },
  };
}
