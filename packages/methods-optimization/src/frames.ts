import { type ExplainableModel, type ModelLike, throwIfAborted } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import { OptimizationRun } from './optimization-run.js';
import type { ActivationMaximizationOptions, ActivationMaximizationResult, Frame } from './options.js';

/** Lets abort handlers, timers and UI events run between steps, as cheaply as the platform allows. */
function macrotask(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * Activation maximisation as an async iterator of frames, for live display: yields a {@link Frame} every
 * `options.every` steps (default 1 here), and returns the {@link ActivationMaximizationResult} as the
 * iterator's return value (read it with manual `next()` calls, or use `activationMaximization` with
 * `onStep`). A frame's image is borrowed: it is freed when the next frame is requested. Breaking out of
 * a `for await` loop stops the run and frees everything. `signal` is checked before every step, so an
 * abort stops the run within one step (`AbortError`).
 */
export async function* activationMaximizationFrames(
  model: ModelLike | ExplainableModel,
  options: ActivationMaximizationOptions,
): AsyncGenerator<Frame, ActivationMaximizationResult, undefined> {
  throwIfAborted(options.signal);
  const run = new OptimizationRun(model, { ...options, onStep: undefined });
  const { steps, every } = run.settings;
  let frameImage: tf.Tensor | null = null;
  try {
    while (run.done < steps) {
      throwIfAborted(options.signal);
      run.step();
      options.onProgress?.({ done: run.done, total: steps, phase: 'activation-maximization' });
      if (every > 0 && run.done % every === 0) {
        frameImage = run.image();
        yield { step: run.done, steps, image: frameImage, objective: await run.lastObjective() };
        frameImage.dispose();
        frameImage = null;
      } else {
        await macrotask();
      }
    }
    throwIfAborted(options.signal);
    const history = await run.history();
    const image = run.image();
    const latent = run.latent();
    return latent ? { image, latent, history } : { image, history };
  } finally {
    frameImage?.dispose();
    run.dispose();
  }
}
