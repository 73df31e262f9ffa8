import type * as tf from '@tensorflow/tfjs-core';
import { UnsupportedLayerError } from '../errors.js';
import type { GraphFeed } from '../graph/run.js';
import type { Forwarder } from './forwarder.js';
import { checkedFunctionOutput } from './function-check.js';
import type { RawInputSpec } from './input-layout.js';
import type { ModelFunction, MultiInputModelFunction } from './types.js';

/**
 * A plain function `(x) => scores` as a model (or `(xs) => scores` over several inputs): no layers, no
 * softmax to skip.
 */
export class FunctionForwarder implements Forwarder {
  readonly kind = 'function';
  readonly inputs: readonly RawInputSpec[];
  readonly outputShape = null;
  readonly endsWithSquash = false;
  readonly layers = [];
  readonly graph = null;
  readonly unfoldedGraph = null;

  constructor(
    private readonly fn: ModelFunction | MultiInputModelFunction,
    shapes: readonly (readonly number[] | undefined)[],
    names: readonly string[] | undefined,
  ) {
    this.inputs = shapes.map((s, k) => ({
      name: names?.[k] ?? `input_${k}`,
      shape: s ? [null, ...s] : null,
      dtype: 'float32',
    }));
  }

  forward(x: GraphFeed): tf.Tensor {
    const several = this.inputs.length > 1;
    const out = several
      ? (this.fn as (xs: tf.Tensor[]) => tf.Tensor)([...(x as readonly tf.Tensor[])])
      : (this.fn as (x: tf.Tensor) => tf.Tensor)(x as tf.Tensor);
    return checkedFunctionOutput(out, several ? (x as readonly tf.Tensor[])[0] : (x as tf.Tensor));
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
