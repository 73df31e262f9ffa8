import type * as tf from '@tensorflow/tfjs-core';
import type { Attribution } from '../attribution.js';
import type { RunControl } from '../batching.js';
import type { ModelInput } from '../model/input-layout.js';
import type { ExplainableModel } from '../model/types.js';
import type { PoolControl } from '../parallel/batch-pool.js';
import type { ParamsSchema } from '../params.js';
import type { Target } from '../target.js';

/** How an explainer works; UIs group methods by it. */
export type ExplainerFamily =
  | 'gradient'
  | 'relevance'
  | 'perturbation'
  | 'optimization'
  | 'prototype'
  | 'other';

/** Options every explainer accepts besides its own `params`. */
export interface CommonExplainOptions extends RunControl, PoolControl {
  /** What to explain (default `'predicted'`). */
  target?: Target;
  /** Upper bound on examples × steps evaluated at once; bounds memory. */
  batchSize?: number;
  /** Seed for methods that sample. */
  seed?: number;
}

/** What `explain` hands a plugin besides the model and input. */
export interface ExplainContext extends RunControl {
  /** Active tfjs backend. */
  backend: string;
  /** Runs another registered explainer (wrappers like SmoothGrad use it). */
  explain(
    method: string,
    model: ExplainableModel,
    x: ModelInput,
    options: Record<string, unknown>,
  ): Promise<Attribution>;
}

/**
 * An explainer plugin (docs/plugin-contracts.md): `params` describes every option so a UI can draw controls for a
 * method it has never seen. `explain` receives options with defaults filled in and validated.
 */
export interface ExplainerPlugin<O extends object = Record<string, unknown>> {
  /** Stable id used in `explain({ method })`, URLs and the CLI, e.g. `'integrated-gradients'`. */
  readonly id: string;
  readonly label: string;
  readonly family: ExplainerFamily;
  /** One or two sentences for tooltips. */
  readonly description: string;
  /** The paper it follows (authors, year, title). */
  readonly reference?: string;
  readonly params: ParamsSchema;
  /**
   * Option names accepted from code only, besides `params` and the common options: functions and objects a
   * form cannot draw (e.g. SmoothGrad's `baseFunction`). Any other name is an `OptionError`.
   */
  readonly codeOptions?: readonly string[];
  /** False for methods that need a layer graph (e.g. LRP); defaults to true. */
  readonly supportsFunctionModels?: boolean;
  /**
   * Options whose value a caller gives per input on a model with several inputs (a baseline, a feature mask):
   * an array in input order or a record by input name, packed like the input before `explain` sees them.
   */
  readonly perInputOptions?: readonly string[];
  /**
   * What the attribution's values are over: the model's `'input'` (default; split into one attribution per
   * input for models with several) or an inner `'layer'` (layer attribution: the layer's shape).
   */
  readonly attributes?: 'input' | 'layer';
  explain(
    model: ExplainableModel,
    x: tf.Tensor,
    options: O & CommonExplainOptions,
    context: ExplainContext,
  ): Promise<Attribution>;
}
