import type { ExplainableModel, ModelLike, RunControl } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';

/** Rows given directly: one array (or typed array) per example, all the same length. */
export type RowList = readonly (readonly number[])[] | readonly Float32Array[] | readonly Float64Array[];

/**
 * Data for an example-based method: a tensor whose first axis indexes examples (every other axis is
 * flattened into one feature vector per row), or a list of rows.
 */
export type MatrixInput = tf.Tensor | RowList;

/** Embed inputs with a model layer before any distance is taken (batched through `wrapModel`). */
export interface EmbedOptions {
  /** The model; a plain `tf.LayersModel`/`GraphModel`/function is wrapped with `wrapModel`. */
  model: ModelLike | ExplainableModel;
  /** Layer whose activation (flattened per example) is the embedding; omitted: the model's output. */
  layer?: string;
  /** Examples per forward pass. Default 64. */
  batchSize?: number;
}

/** Class labels, one per row (numbers or strings). */
export type Labels = ArrayLike<number | string>;

/** RBF kernel bandwidth: a number, the median heuristic, or 1/d. */
export type GammaOption = number | 'median' | 'inverse-dim';

/** Kernel options shared by MMD-critic and ProtoDash. K(x, y) = exp(−γ‖x − y‖²). */
export interface KernelOptions {
  /**
   * γ, or `'median'`: γ = 1/(2·med²) with med the median Euclidean distance over all pairs i<j (mean of
   * the two middle values when their count is even); `'inverse-dim'`: γ = 1/d. Default `'median'`.
   */
  gamma?: GammaOption;
}

/** How kernel sums are computed. */
export interface ComputeOptions extends RunControl {
  kernel?: KernelOptions;
  /**
   * `'float64'` (default): squared distances and kernels in float64 JS typed arrays, bit-for-bit
   * independent of the backend. `'float32'`: the distance Gram matrix is computed by `tf.matMul` on the
   * active tfjs backend (fast on WebGPU); selections may differ from float64 only where two candidates'
   * scores tie within ~1e-6.
   */
  precision?: 'float64' | 'float32';
  /**
   * Largest n for which every pairwise squared distance is kept (n(n−1)/2 float64 values, 400 MB at
   * n = 10,000) and kernel sums are exact. Above it, column sums of K come from a Nyström approximation
   * and a median γ from sampled pairs; the result's `approximation` reports the measured error.
   * Default 12,000.
   */
  maxExactRows?: number;
  /** Force the approximation (`'nystrom'`), forbid it (`'exact'`), or decide by `maxExactRows` (`'auto'`, default). */
  approximation?: 'auto' | 'exact' | 'nystrom';
  /** Nyström landmarks. Default min(n, 1000). */
  landmarks?: number;
  /** Seed for landmark and pair sampling. Default 0. */
  seed?: number;
  /**
   * Threads for the float64 distance kernel, this one included: in Node, worker threads share the
   * tiles over a shared WebAssembly memory (results are identical for any count); in browsers the kernel
   * runs on the calling thread. Default: `os.availableParallelism()` in Node, at most 8. Kernels under
   * ~2·10⁷ multiply-adds always run on one thread.
   */
  threads?: number;
  /** Embed the data with a model layer first. */
  embed?: EmbedOptions;
}

/** What an approximation cost in accuracy, measured on sampled columns against exact sums. */
export interface ApproximationReport {
  method: 'nystrom';
  landmarks: number;
  /** Largest relative error of the approximate column sums Σ_i K_ij over the checked columns. */
  colsumMaxRelativeError: number;
  /** Columns whose exact sums were computed to measure the error. */
  checkedColumns: number;
  /** True when the median γ was estimated from a sample of pairs rather than from all pairs. */
  gammaFromSample: boolean;
  /** Number of pairs in that sample (0 when γ was not sampled). */
  gammaSamplePairs: number;
}

/** Prototypes and criticisms of one class, indices in the original row space. */
export interface ClassPrototypes {
  label: number | string;
  /** The rows of this class, ascending. */
  rows: number[];
  prototypes: number[];
  criticisms: number[];
  /** Witness of each of `rows` (aligned with `rows`) against this class's prototypes. */
  witness: Float64Array;
  /** ProtoDash weights, aligned with `prototypes` (ProtoDash only). */
  weights?: Float64Array;
}

/**
 * A selection of representative examples, as consumed by `nearestPrototypes` and the UI: row indices
 * into the data it was computed on, in selection order.
 */
export interface PrototypeSet {
  prototypes: number[];
  criticisms: number[];
  /** Non-negative importance weights aligned with `prototypes` (ProtoDash). */
  weights?: Float64Array;
  /** |mean embedding of the data − mean embedding of the prototypes| at every row (MMD-critic). */
  witness?: Float64Array;
  /** Label of every row, when labels were given. */
  labels?: (number | string)[];
  perClass?: ClassPrototypes[];
  /** The RBF γ used. */
  gamma: number;
}
