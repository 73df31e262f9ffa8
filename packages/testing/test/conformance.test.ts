import { createAttribution, type ExplainerPlugin, restoreBatch, throwIfAborted } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { runExplainerConformance } from '../src/vitest/index.js';

// The smallest correct explainer: the input gradient. The suite must pass on it.
const gradientPlugin: ExplainerPlugin<{ scale: number }> = {
  id: 'conformance-gradient',
  label: 'Gradient (conformance check)',
  family: 'gradient',
  description: 'Plain input gradient, scaled; used to check the conformance suite itself.',
  params: { scale: { type: 'number', default: 1, min: 0, help: 'Factor applied to the gradient.' } },
  async explain(model, x, options) {
    throwIfAborted(options.signal);
    const input = model.normalize(x);
    const target = model.resolveTarget(input.batched, options.target);
    const values = tf.tidy(() => {
      const g = tf.grad((v: tf.Tensor) => tf.sum(target.select(model.forwardBatched(v))))(input.batched);
      return restoreBatch(tf.mul(g, options.scale), input);
    });
    if (!input.hadBatch) input.batched.dispose();
    return createAttribution({ method: 'conformance-gradient', target: target.indices, values });
  },
};

runExplainerConformance(gradientPlugin as ExplainerPlugin<never>);
