import type * as tf from '@tensorflow/tfjs';
import type { ExplanationGraph } from '../graph/types.js';
import type { ModelInputShape } from '../input.js';
import type { LayerInfo } from './types.js';

/**
 * What each kind of model (LayersModel, GraphModel, function) must provide; `ExplainableModel` adds
 * validation, preprocessing, output views, targets and gradients on top. Inputs here are batched and
 * already preprocessed.
 */
export interface Forwarder {
  readonly kind: 'layers' | 'graph' | 'function';
  readonly inputShape: ModelInputShape | null;
  readonly outputShape: readonly (number | null)[] | null;
  /** The model's last op is a softmax that the logits view can skip. */
  readonly endsWithSoftmax: boolean;
  readonly layers: readonly LayerInfo[];
  readonly graph: ExplanationGraph | null;
  readonly unfoldedGraph: ExplanationGraph | null;
  /** Output; `preSoftmax` skips a final softmax (only meaningful when `endsWithSoftmax`). */
  forward(x: tf.Tensor, preSoftmax: boolean): tf.Tensor;
  /** Values of the named layers (names already checked). */
  activations(x: tf.Tensor, layers: readonly string[]): tf.Tensor[];
  /** Output with the named layer's value replaced. */
  forwardFrom(x: tf.Tensor, layer: string, activation: tf.Tensor, preSoftmax: boolean): tf.Tensor;
  refresh(): void;
  dispose(): void;
}
