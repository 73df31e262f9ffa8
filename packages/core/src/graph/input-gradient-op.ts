import * as tf from '@tensorflow/tfjs-core';

/**
 * `forward(x)` as one differentiable op whose x-gradient is `backward(dy, x, kept)`: weights are closed over,
 * so they are constants and no weight gradient is ever computed. How the explanation graph swaps a tfjs
 * backward kernel for one built from forward kernels. The forward pass's scope is freed before the backward
 * runs, so `backward` reads x's values only with `keepInput`, and tensors it needs (a kernel made inside
 * tf.grad's forward, e.g. LRP's w⁺) only through `keep`, which come back as `kept` in the same order.
 */
export function withInputGradient<T extends tf.Tensor>(
  x: T,
  forward: (x: T) => T,
  backward: (dy: T, x: T, kept: tf.Tensor[]) => tf.Tensor,
  options: { keepInput?: boolean; keep?: readonly tf.Tensor[] } = {},
): T {
  const keep = options.keep ?? [];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [T, tf.GradSaveFunc];
    save(options.keepInput ? [...keep, input] : [...keep]);
    return {
      value: forward(input),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        backward(dy as T, options.keepInput ? (saved[keep.length] as T) : input, saved.slice(0, keep.length)),
    };
  });
  return op(x) as T;
}
