import type { ExplainableModel } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The model's preprocessing (resize, mean/std from `wrapModel`) seen as a map from the caller's raw input
 * to the explanation graph's input. It is affine, so relevance and multipliers found at the graph input
 * can be carried back to the raw input exactly. Without preprocessing it is the identity.
 */
export interface InputTransport {
  /** The graph input for a raw batch. */
  forward(raw: tf.Tensor): tf.Tensor;
  /** Jᵀ·v: a graph-input vector carried back to raw-input space (the preprocessing's linear part). */
  pullBack(raw: tf.Tensor, v: tf.Tensor): tf.Tensor;
  /**
   * Relevance at the graph input shared among raw inputs in proportion to their weights in the
   * preprocessing (R_raw = Jᵀ(R / J·1)): conservative, and the identity without preprocessing.
   */
  relevanceBack(raw: tf.Tensor, relevance: tf.Tensor): tf.Tensor;
}

/** The transport of a wrapped LayersModel. Call its methods inside `tf.tidy`. */
export function inputTransportOf(model: ExplainableModel): InputTransport {
  const graph = model.graph;
  const inputName = graph ? graph.nodes[graph.input].name : '';
  const forward = (raw: tf.Tensor) => model.activationBatched(raw, inputName);
  // Without preprocessing the graph input is the raw tensor itself (no op to differentiate through).
  // Whether preprocessing exists does not depend on the data, so the probe (a full forward) runs once.
  let identity: boolean | undefined;
  const isIdentity = (raw: tf.Tensor) => {
    identity ??= forward(raw) === raw;
    return identity;
  };
  const vjp = (raw: tf.Tensor, v: tf.Tensor) => tf.grad((r: tf.Tensor) => forward(r))(raw, v);
  const pullBack = (raw: tf.Tensor, v: tf.Tensor) => (isIdentity(raw) ? v : vjp(raw, v));
  return {
    forward,
    pullBack,
    relevanceBack: (raw, relevance) => {
      if (isIdentity(raw)) return relevance;
      // J·1 = pre(1) − pre(0) because the preprocessing is affine.
      const rowSums = tf.sub(forward(tf.onesLike(raw)), forward(tf.zerosLike(raw)));
      const share = tf.where(tf.equal(rowSums, 0), tf.zerosLike(relevance), tf.div(relevance, rowSums));
      return vjp(raw, share);
    },
  };
}
