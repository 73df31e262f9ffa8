import type { GradientOverride } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';

/** How a rule rewrites the backward pass of the ReLU family. */
export type ReluBackwardRule = 'guided' | 'deconvnet';

/**
 * Backward replacements for 'Relu', 'Relu6' and 'LeakyRelu' (the kernels of the ReLU family that the
 * explanation graph emits):
 * - guided (Springenberg et al. 2015): relu(upstream) × the kernel's own forward derivative, i.e.
 *   ReLU 1[x > 0], ReLU6 1[0 < x < 6], LeakyReLU 1 for x > 0 and α below: only positive signal flows, and
 *   only where the forward unit passed it.
 * - deconvnet (Zeiler & Fergus 2014): the upstream signal goes through the unit's nonlinearity itself,
 *   ignoring the forward input: relu(upstream) for ReLU and ReLU6 (the cap of 6 concerns activations,
 *   not the reconstruction signal), leakyRelu(upstream, α) for LeakyReLU.
 * Every other kernel keeps its normal gradient.
 */
export function reluOverrides(rule: ReluBackwardRule): GradientOverride[] {
  const positive = (dy: tf.Tensor | tf.Tensor[]) => tf.relu(dy as tf.Tensor);
  if (rule === 'deconvnet') {
    return [
      { kernelName: 'Relu', inputsToSave: ['x'], gradFunc: (dy) => ({ x: () => positive(dy) }) },
      { kernelName: 'Relu6', inputsToSave: ['x'], gradFunc: (dy) => ({ x: () => positive(dy) }) },
      {
        kernelName: 'LeakyRelu',
        inputsToSave: ['x'],
        gradFunc: (dy, _saved, attrs) => ({
          x: () => tf.leakyRelu(dy as tf.Tensor, (attrs as { alpha: number }).alpha),
        }),
      },
    ];
  }
  return [
    {
      kernelName: 'Relu',
      inputsToSave: ['x'],
      gradFunc: (dy, saved) => ({
        x: () => tf.mul(positive(dy), tf.cast(tf.greater(saved[0], 0), 'float32')),
      }),
    },
    {
      kernelName: 'Relu6',
      inputsToSave: ['x'],
      gradFunc: (dy, saved) => ({
        x: () =>
          tf.mul(
            positive(dy),
            tf.cast(tf.logicalAnd(tf.greater(saved[0], 0), tf.less(saved[0], 6)), 'float32'),
          ),
      }),
    },
    {
      kernelName: 'LeakyRelu',
      inputsToSave: ['x'],
      gradFunc: (dy, saved, attrs) => ({
        x: () =>
          tf.mul(
            positive(dy),
            tf.where(
              tf.greater(saved[0], 0),
              tf.onesLike(saved[0]),
              tf.fill(saved[0].shape, (attrs as { alpha: number }).alpha),
            ),
          ),
      }),
    },
  ];
}
