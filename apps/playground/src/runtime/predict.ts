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

function softmax(scores: readonly number[]): number[] {
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/**
 * Predicts one input [H, W, C] (model range) with one asynchronous read (synchronous reads stall or
 * lose the device on WebGPU). Logits become probabilities by a softmax; a raw output that already is a
 * distribution (non-negative, summing to 1) is taken as is.
 */
export async function predict(model: ExplainableModel, x: tf.Tensor3D): Promise<Prediction> {
  // forwardBatched skips predict()'s finiteness check, a synchronous read; inputs made here are finite.
  const scores = tf.tidy(() => model.forwardBatched(x.expandDims(0)).reshape([-1]));
  const values = Array.from(await scores.data());
  scores.dispose();
  const isDistribution = Math.min(...values) >= 0 && Math.abs(values.reduce((a, b) => a + b, 0) - 1) < 1e-3;
  const probabilities =
    model.output === 'probabilities' || (model.output === 'raw' && isDistribution) ? values : softmax(values);
  let index = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[index]) index = i;
  return { index, probability: probabilities[index], probabilities };
}
