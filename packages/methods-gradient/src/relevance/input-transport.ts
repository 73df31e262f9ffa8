import type { ExplainableModel } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The model's preprocessing (resize, mean/std from `wrapModel`) seen as a map from the caller's raw input
 * to the explanation graph's inputs. It is affine, so relevance and multipliers found at the graph inputs
 * can be carried back to the raw input exactly. Without preprocessing it is the identity; for a model with
 * several inputs (never preprocessed) it splits the packed raw input and packs quantities back.
 */
export interface InputTransport {
  /** The graph inputs (in input order) for a raw batch. */
  forward(raw: tf.Tensor): tf.Tensor[];
  /** Jᵀ·v: graph-input vectors carried back to raw-input space (the preprocessing's linear part). */
  pullBack(raw: tf.Tensor, v: readonly tf.Tensor[]): tf.Tensor;
  /**
   * Relevance at the graph inputs shared among raw inputs in proportion to their weights in the
   * preprocessing (R_raw = Jᵀ(R / J·1)): conservative, and the identity without preprocessing.
   */
  relevanceBack(raw: tf.Tensor, relevance: readonly tf.Tensor[]): tf.Tensor;
}

/** Per-input values `[N, ...]` flattened and concatenated like a packed input: `[N, D]`. */
function pack(values: readonly tf.Tensor[]): tf.Tensor {
  const n = values[0].shape[0];
  return tf.concat(
    values.map((v) => tf.reshape(v, [n, -1])),
    1,
  );
}

/** The transport of a wrapped model. Call its methods inside `tf.tidy`. */
export function inputTransportOf(model: ExplainableModel): InputTransport {
  if (model.inputs.length > 1) {
    return {
      forward: (raw) => model.unpackInputs(raw),
      pullBack: (_raw, v) => pack(v),
      relevanceBack: (_raw, r) => pack(r),
    };
  }
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
    forward: (raw) => [forward(raw)],
    pullBack: (raw, v) => pullBack(raw, v[0]),
    relevanceBack: (raw, relevances) => {
      const relevance = relevances[0];
      if (isIdentity(raw)) return relevance;
      // J·1 = pre(1) − pre(0) because the preprocessing is affine.
      const rowSums = tf.sub(forward(tf.onesLike(raw)), forward(tf.zerosLike(raw)));
      const share = tf.where(tf.equal(rowSums, 0), tf.zerosLike(relevance), tf.div(relevance, rowSums));
      return vjp(raw, share);
    },
  };
}
