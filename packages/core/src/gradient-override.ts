import * as tf from '@tensorflow/tfjs-core';

/**
 * A replacement backward pass for one kernel, in tfjs's gradient-config form: `gradFunc` receives the
 * upstream gradient, the saved tensors (inputs listed in `inputsToSave`, then outputs flagged in
 * `outputsToSave`) and the kernel's attributes, and returns one lazy gradient per input name.
 */
export type GradientOverride = tf.GradConfig;

/**
 * Runs `fn` with the backward of the given kernels replaced (e.g. ReLU's for guided backprop), then puts
 * the original gradients back, also when `fn` throws or its promise rejects. Gradients are looked up when
 * the forward op runs, so the forward pass must happen inside `fn`. Overrides are global while active:
 * do not run two overriding computations concurrently.
 */
export function withGradientOverride<T>(overrides: readonly GradientOverride[], fn: () => T): T {
  const saved = overrides.map((o) => ({ name: o.kernelName, previous: tf.getGradient(o.kernelName) }));
  const restore = () => {
    for (const { name, previous } of saved.reverse()) {
      if (previous) tf.registerGradient(previous);
      else tf.unregisterGradient(name);
    }
  };
  for (const o of overrides) tf.registerGradient(o);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    restore();
    throw err;
  }
  if (result instanceof Promise) {
    return result.finally(restore) as T;
  }
  restore();
  return result;
}
