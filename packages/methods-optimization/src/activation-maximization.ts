import type { ExplainableModel, ModelLike } from '@loupe/core';
import { activationMaximizationFrames } from './frames.js';
import type { ActivationMaximizationOptions, ActivationMaximizationResult } from './options.js';

/**
 * Finds inputs that maximise an objective of a model — activation maximisation (Erhan et al. 2009;
 * Simonyan et al. 2013), in one of three regimes chosen by `preset` and overridable piece by piece:
 * `'score-only'`, `'expert-prior'` (Mahendran & Vedaldi 2016; Olah et al. 2017) and `'code-space'`
 * (Nguyen et al. 2016). Adam on pixels, a decorrelated Fourier spectrum, or a generator's code; nothing
 * is read back per step except frames requested through `onStep`/`every`. Deterministic for a given
 * `seed` and backend. Throws typed errors for bad options (before any work), `AbortError` when `signal`
 * fires (within one step). The caller owns the returned tensors.
 *
 * @example
 * const { image, history } = await activationMaximization(wrapModel(cnn, { inputRange: [0, 1] }), {
 *   objective: classLogit(7), preset: 'expert-prior', steps: 128,
 * });
 */
export async function activationMaximization(
  model: ModelLike | ExplainableModel,
  options: ActivationMaximizationOptions,
): Promise<ActivationMaximizationResult> {
  const every = options.every ?? (options.onStep ? 1 : 0);
  const frames = activationMaximizationFrames(model, { ...options, every });
  try {
    for (;;) {
      const next = await frames.next();
      if (next.done) return next.value;
      await options.onStep?.(next.value);
    }
  } catch (err) {
    // Runs the iterator's cleanup when the callback threw (a no-op when the iterator itself threw).
    await frames.return(undefined as never);
    throw err;
  }
}
