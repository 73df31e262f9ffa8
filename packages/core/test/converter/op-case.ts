import type { GraphDefNode } from '@loupe/testing';
import type * as tf from '@tensorflow/tfjs';

/** One row of the converter op table: a tiny graph `x → nodes` whose last node is the output. */
export interface OpCase {
  /** The converter op and variant under test. */
  name: string;
  /** Input shape with a batch of 2. */
  input: number[];
  /** Range the input is drawn from (default [-1, 1]); kept away from kinks and poles where it matters. */
  range?: [number, number];
  /** The op nodes after the Placeholder `x` (Const nodes come from `weights`). */
  nodes: GraphDefNode[];
  /** The Const nodes' values, by node name. */
  weights: Record<string, tf.Tensor>;
  /**
   * The op's plain tfjs computation, where `GraphModel.execute` cannot run it (tfjs-converter refuses a
   * fused BatchNorm); otherwise the converter's own execution is the reference.
   */
  reference?: (x: tf.Tensor, w: Record<string, tf.Tensor>) => tf.Tensor;
  /**
   * Why tf.grad through `GraphModel.execute` is not a reference for this op (a tfjs gradient that is wrong
   * or missing); absent where it is, and Loupe's gradient must then equal it.
   */
  tfGradWrong?: string;
  /** Finite-difference step (default 1e-2; smaller where a kink is near). */
  h?: number;
}
