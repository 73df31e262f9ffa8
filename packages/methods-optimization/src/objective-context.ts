import type { ExplainableModel } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { ObjectiveContext } from './objective.js';

/** Lazily computes, once each, the scores and activations objectives ask for on one batch of images. */
export function objectiveContext(model: ExplainableModel, images: tf.Tensor): ObjectiveContext {
  let scores: tf.Tensor | null = null;
  const activations = new Map<string, tf.Tensor>();
  return {
    scores() {
      scores = scores ?? model.forwardBatched(images);
      return scores;
    },
    activation(layer) {
      let a = activations.get(layer);
      if (!a) {
        a = model.activationBatched(images, layer);
        activations.set(layer, a);
      }
      return a;
    },
  };
}
