import type * as tf from '@tensorflow/tfjs-core';

/** Facts about how an attribution was computed. */
export interface AttributionMeta {
  /** Per example: Σ attribution − (f(x) − f(baseline)) for methods with a completeness property. */
  convergenceDelta?: number[];
  /** tfjs backend it ran on. */
  backend?: string;
  /** Wall time of the call, milliseconds. */
  millis?: number;
  /** Things the caller should know (a fallback taken, a batch split after running out of memory). */
  warnings?: string[];
  [key: string]: unknown;
}

/**
 * The result of an attribution method: one value per input element (docs/architecture.md). `values` is owned
 * by the attribution; call `dispose()` when done (or keep it and dispose later). `M` is the method's `meta`
 * (see `ExplainerMethods`).
 */
export interface Attribution<M extends AttributionMeta = AttributionMeta> {
  /** Explainer id, e.g. `'integrated-gradients'`. */
  readonly method: string;
  /** Explained class per example; `null` where a target function chose the scalar. */
  readonly target: readonly (number | null)[];
  /** Shape of `values`: the input's shape (no batch dimension if the input had none). */
  readonly shape: readonly number[];
  readonly values: tf.Tensor;
  readonly meta: M;
  /**
   * For a model with several inputs: one attribution per input, in the model's input order and each input's
   * own shape (`values` holds them packed, `[N, D]`); absent for single-input models and for attributions of
   * an inner layer. Disposing this attribution disposes them.
   */
  readonly inputs?: readonly InputAttribution<M>[];
  /** The values as a flat Float32Array (row-major), read back from the backend. */
  data(): Promise<Float32Array>;
  dispose(): void;
}

/** The attribution of one input of a model with several inputs. */
export interface InputAttribution<M extends AttributionMeta = AttributionMeta> extends Attribution<M> {
  /** The model's name for this input. */
  readonly inputName: string;
}

/** Builds an `Attribution` that owns `values`. */
export function createAttribution(init: {
  method: string;
  target: readonly (number | null)[];
  values: tf.Tensor;
  meta?: AttributionMeta;
  /** Per-input values of a model with several inputs (owned by the attribution too). */
  inputs?: readonly { name: string; values: tf.Tensor }[];
}): Attribution {
  const { values } = init;
  const meta = init.meta ?? {};
  const inputs = init.inputs?.map(
    (part): InputAttribution => ({
      ...createAttribution({ method: init.method, target: init.target, values: part.values, meta }),
      inputName: part.name,
    }),
  );
  return {
    method: init.method,
    target: init.target,
    shape: values.shape,
    values,
    meta,
    ...(inputs ? { inputs } : {}),
    async data() {
      return (await values.data()) as Float32Array;
    },
    dispose() {
      if (!values.isDisposed) values.dispose();
      for (const part of inputs ?? []) part.dispose();
    },
  };
}
