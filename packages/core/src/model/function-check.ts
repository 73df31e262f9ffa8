import * as tf from '@tensorflow/tfjs-core';
import { ModelFunctionError } from '../errors.js';
import type { ExplainableModel } from './types.js';

const CONTRACT = 'a model function must take a batch [N, ...] and return scores [N, ...] (one row per input)';

/**
 * The output of a model function after checking it against the contract: a live float tensor whose first
 * dimension is the batch size of `x`. Throws `ModelFunctionError` otherwise (before tfjs fails later
 * with a broadcast error in the middle of a method).
 */
export function checkedFunctionOutput(out: unknown, x: tf.Tensor): tf.Tensor {
  if (!(out instanceof tf.Tensor) || out.isDisposed) {
    throw new ModelFunctionError(
      `The model function returned ${out instanceof tf.Tensor ? 'a disposed tensor' : typeof out}; ${CONTRACT}, as a tf.Tensor made with tf operations.`,
    );
  }
  if (out.rank === 0 || out.shape[0] !== x.shape[0]) {
    throw new ModelFunctionError(
      `The model function returned shape [${out.shape.join(', ')}] for a batch of ${x.shape[0]} input(s) [${x.shape.join(', ')}]; ${CONTRACT}. Keep the batch dimension first and do not fix it to one size.`,
    );
  }
  return out;
}

/**
 * Probes a function model before a gradient method runs, outside any gradient tape (an error thrown
 * inside a tape strands the tensors tfjs saved for the backward pass): the function must keep the batch
 * size for batches of 1 and 2, and its output must depend on its input through tf operations. A function
 * that reads values back (`dataSync`, `arraySync`) and builds a new tensor has no gradient: that is a
 * `ModelFunctionError` naming the fix, not tfjs's "Cannot compute gradient". Costs one forward of one
 * example and one forward and backward of two. Other kinds of model return at once.
 */
export function checkFunctionGradient(model: ExplainableModel, xBatched: tf.Tensor): void {
  if (model.kind !== 'function') return;
  tf.tidy(() => {
    const one = tf.slice(xBatched, 0, 1);
    const two = tf.concat([one, xBatched.shape[0] > 1 ? tf.slice(xBatched, 1, 1) : one]);
    model.forwardBatched(one);
    model.forwardBatched(two);
    // allowNoGradients: an unconnected output gives an undefined gradient instead of a throw mid-tape.
    const { grads } = tf.engine().gradients(() => tf.sum(model.forwardBatched(two)), [two], undefined, true);
    if (!grads[0]) {
      throw new ModelFunctionError(
        'The model function has no gradient with respect to its input: its output is not computed from the input with tf operations ' +
          '(reading values back with dataSync(), arraySync() or data() and building a new tensor cuts the gradient). ' +
          'Write the function with tf operations only for gradient methods, or use a perturbation method (occlusion, RISE, LIME, KernelSHAP), which needs no gradient.',
      );
    }
  });
}
