import type { ExplainableModel } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * What one optimisation step can ask of the model about the current images: the scores (the wrapped
 * model's output view) and any layer's activation. Each is computed at most once per step.
 */
export interface ObjectiveContext {
  /** The model's scores `[N, classes]` in its output view (logits for softmax models by default). */
  scores(): tf.Tensor;
  /** A layer's activation `[N, ...]`. */
  activation(layer: string): tf.Tensor;
}

/** An objective checked against one model: maps the step's context to one value per image, `[N]`. */
export type BoundObjective = (context: ObjectiveContext) => tf.Tensor1D;

/**
 * A quantity to maximise. `bind` checks it against a model (unknown layers, indices out of range throw
 * typed errors before any optimisation starts) and returns the function evaluated each step.
 */
export interface Objective {
  /** Human-readable description, e.g. `classLogit(7)`. */
  readonly label: string;
  /**
   * Checks the objective against `model` and returns its evaluator. `numOutputs` is the number of scores
   * per example (known from the model or from one probe forward pass); `batch` the number of images
   * optimised together.
   */
  bind(model: ExplainableModel, numOutputs: number, batch: number): BoundObjective;
}
