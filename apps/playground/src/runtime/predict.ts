import type { ExplainableModel } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';

/** The model's class probabilities for one input, highest first. */
export interface Prediction {
  /** Arg-max class. */
  index: number;
  probability: number;
  /** Every class's probability, by class index. */
  probabilities: number[];
}

/**
 * Predicts one input [H, W, C] (model range). Scores are turned into probabilities with a softmax
 * unless the model already outputs a distribution (its own softmax head), which it detects from the
 * output of the raw model rather than the explanation view.
 */
export async function predict(model: ExplainableModel, x: tf.Tensor3D): Promise<Prediction> {
  const probs = tf.tidy(() => {
    const scores = model.predict(x.expandDims(0)).reshape([-1]);
    if (model.output === 'logits' || model.output === 'raw') {
      const min = scores.min().dataSync()[0];
      const sum = scores.sum().dataSync()[0];
      if (model.output === 'raw' && min >= 0 && Math.abs(sum - 1) < 1e-3) return scores;
      return tf.softmax(scores);
    }
    return scores;
  });
  const probabilities = Array.from(await probs.data());
  probs.dispose();
  let index = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[index]) index = i;
  return { index, probability: probabilities[index], probabilities };
}
