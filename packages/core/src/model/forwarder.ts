import type * as tf from '@tensorflow/tfjs-core';
import type { OpRules } from '../graph/apply-op.js';
import type { GraphFeed } from '../graph/run.js';
import type { ExplanationGraph } from '../graph/types.js';
import type { RawInputSpec } from './input-layout.js';
import type { LayerInfo } from './types.js';

/**
 * What each kind of model (LayersModel or GraphModel through the explanation graph, function) must
 * provide; `ExplainableModel` adds validation, preprocessing, output views, targets and gradients on top.
 * Inputs here are batched and already preprocessed: one tensor, or one per input for several inputs.
 */
export interface Forwarder {
  readonly kind: 'layers' | 'graph' | 'function';
  /** The model's inputs in order (name, per-example shape with null batch, dtype). */
  readonly inputs: readonly RawInputSpec[];
  readonly outputShape: readonly (number | null)[] | null;
  /** The model's last op is a softmax or sigmoid that the logits view can skip. */
  readonly endsWithSquash: boolean;
  readonly layers: readonly LayerInfo[];
  readonly graph: ExplanationGraph | null;
  readonly unfoldedGraph: ExplanationGraph | null;
  /** Output; `preSoftmax` skips a final softmax/sigmoid (only meaningful when `endsWithSquash`). */
  forward(x: GraphFeed, preSoftmax: boolean, rules?: OpRules): tf.Tensor;
  /** Values of the named layers (names already checked). */
  activations(x: GraphFeed, layers: readonly string[]): tf.Tensor[];
  /** Output with the named layer's value replaced. */
  forwardFrom(
    x: GraphFeed,
    layer: string,
    activation: tf.Tensor,
    preSoftmax: boolean,
    rules?: OpRules,
  ): tf.Tensor;
  refresh(): void;
  dispose(): void;
}
