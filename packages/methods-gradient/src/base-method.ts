import { type Attribution, type ExplainableModel, type ExplainContext, listExplainers } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import { runMethod } from './run-method.js';
import { WRAPPABLE_METHODS } from './wrappable-methods.js';

/** A base method as a function: called on a batch of inputs with the options given. */
export type BaseMethod = (
  model: ExplainableModel,
  x: tf.Tensor,
  options: Record<string, unknown>,
) => Promise<Attribution>;

/**
 * How a wrapper (SmoothGrad, XRAI) calls the method it builds on: a function as is, a registered id through
 * the registry, else one of this package's methods directly (so wrappers work before registration).
 */
export function baseRunner(base: string | BaseMethod, context: ExplainContext): BaseMethod {
  if (typeof base === 'function') return base;
  const registered = listExplainers().some((p) => p.id === base);
  const local = WRAPPABLE_METHODS.get(base);
  if (!registered && local) return (m, x, o) => runMethod(local, m, x, o, context);
  return (m, x, o) => context.explain(base, m, x, o);
}
