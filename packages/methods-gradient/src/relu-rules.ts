import { type ActivationSpec, applyActivation, isReluFamily, type OpRules } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/** How a rule rewrites the backward pass of the ReLU family. */
export type ReluBackwardRule = 'guided' | 'deconvnet';

/** Where the unit passes its input on: 1 inside the active range, α (leaky slope) or 0 outside. */
function forwardDerivative(spec: ActivationSpec, x: tf.Tensor): tf.Tensor {
  const positive = tf.greater(x, spec.min ?? 0);
  if (spec.name === 'leakyRelu')
    return tf.where(positive, tf.onesLike(x), tf.fill(x.shape, spec.alpha ?? 0.3));
  const cap = spec.name === 'relu6' ? 6 : spec.name === 'relu' ? spec.maxValue : spec.max;
  const active = cap === undefined ? positive : tf.logicalAnd(positive, tf.less(x, cap));
  return tf.cast(active, 'float32');
}

/**
 * The ReLU-family activation with its backward replaced:
 * - guided (Springenberg et al. 2015): relu(upstream) × the unit's own forward derivative (ReLU 1[x > 0],
 *   ReLU6 1[0 < x < 6], LeakyReLU 1 or α): only positive signal flows, and only where the unit passed it.
 * - deconvnet (Zeiler & Fergus 2014): the unit's nonlinearity applied to the upstream signal, ignoring
 *   the forward input: relu(upstream) (the ReLU6 cap concerns activations, not the reconstruction), or
 *   leakyRelu(upstream, α).
 */
function withBackward(spec: ActivationSpec, x: tf.Tensor, rule: ReluBackwardRule): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([input]);
    return {
      value: applyActivation(spec, input),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const upstream = dy as tf.Tensor;
        if (rule === 'deconvnet') {
          return spec.name === 'leakyRelu' ? tf.leakyRelu(upstream, spec.alpha ?? 0.3) : tf.relu(upstream);
        }
        return tf.mul(tf.relu(upstream), forwardDerivative(spec, saved[0]));
      },
    };
  });
  return op(x);
}

/**
 * Op rules for one graph run that give every ReLU-family activation (ReLU, ReLU6, LeakyReLU, a clip at 0,
 * fused into a linear op or standing alone) the guided or deconvnet backward. They travel with the call:
 * no gradient is registered globally, so concurrent calls never see each other's rules.
 */
export function reluRules(rule: ReluBackwardRule): OpRules {
  return { activation: (spec, x) => (isReluFamily(spec) ? withBackward(spec, x, rule) : null) };
}
