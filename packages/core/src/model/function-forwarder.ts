import type * as tf from '@tensorflow/tfjs-core';
import { UnsupportedLayerError } from '../errors.js';
import type { Forwarder } from './forwarder.js';
import { checkedFunctionOutput } from './function-check.js';
import type { ModelFunction } from './types.js';

/** A plain function `(x) => scores` as a model: no layers, no softmax to skip. */
export class FunctionForwarder implements Forwarder {
  readonly kind = 'function';
  readonly inputShape;
  readonly outputShape = null;
  readonly endsWithSquash = false;
  readonly layers = [];
  readonly graph = null;
  readonly unfoldedGraph = null;

  constructor(
    private readonly fn: ModelFunction,
    exampleShape: readonly number[] | undefined,
  ) {
    this.inputShape = exampleShape ? [null, ...exampleShape] : null;
  }

  forward(x: tf.Tensor): tf.Tensor {
    return checkedFunctionOutput(this.fn(x), x);
  }

  activations(): tf.Tensor[] {
    throw new UnsupportedLayerError(
      'A function model has no layers; wrap a tf.LayersModel or tf.GraphModel to use layer methods.',
    );
  }

  forwardFrom(): tf.Tensor {
    return this.activations()[0];
  }

  refresh(): void {}

  dispose(): void {}
}
