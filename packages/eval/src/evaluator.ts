import type { ExplainableModel, ParamsSchema, RunControl, Target } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { AttributionSource } from './attribution-source.js';
import type { LabeledSet } from './training/trainer.js';

/** The data an evaluator scores an explanation on. */
export interface EvaluationData {
  /** Inputs `[N, ...]`. */
  x: tf.Tensor;
  /** True class per input (ROAR/KAR test labels). */
  labels?: readonly number[];
  /** Ground-truth masks for localization metrics (see `LocalizationOptions.mask`). */
  masks?: tf.Tensor;
  /** Training data for metrics that retrain (ROAR, KAR, data randomization). */
  train?: LabeledSet;
}

/** Options every evaluator receives besides its own params (filled with defaults). */
export interface EvaluatorOptions extends RunControl {
  target?: Target;
  seed?: number;
  /** Options passed to the explained method. */
  methodOptions?: Record<string, unknown>;
  [option: string]: unknown;
}

/** A metric's headline number, and everything behind it (curves, per-layer rows, per-example values). */
export interface EvaluatorResult {
  value: number;
  details?: unknown;
  /** Caveats about the value, e.g. a raw score tracked because the model gives no probability. */
  warnings?: string[];
}

/**
 * An evaluation metric as a plugin, the counterpart of core's explainer plugins: `params` describes its
 * options so a UI or CLI can offer them; `evaluate` scores one explanation source on some data.
 */
export interface EvaluatorPlugin {
  /** Stable kebab-case id, e.g. `'deletion'`. */
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** The paper it follows. */
  readonly reference: string;
  readonly params: ParamsSchema;
  /**
   * Option names accepted from code besides `params` and the common ones (`target`, `seed`, `signal`,
   * `onProgress`, `methodOptions`): functions, objects and direct-call settings a form does not draw (e.g.
   * ROAR's `trainer`). `evaluate()` rejects any other name in `metricOptions` with an `OptionError`.
   */
  readonly codeOptions?: readonly string[];
  /** Whether a higher or a lower headline value means a better explanation. */
  readonly better: 'higher' | 'lower';
  /** `'attribution'`: scores a finished map (a method is run once); `'method'`: must re-explain. */
  readonly needs: 'attribution' | 'method';
  /** Data fields it needs beyond `x`. */
  readonly requires?: readonly ('labels' | 'masks' | 'train')[];
  evaluate(
    model: ExplainableModel,
    data: EvaluationData,
    source: AttributionSource,
    options: EvaluatorOptions,
  ): Promise<EvaluatorResult>;
}
