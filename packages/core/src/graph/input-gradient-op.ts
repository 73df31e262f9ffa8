import * as tf from '@tensorflow/tfjs-core';

/**
 * `forward(x)` as one differentiable op whose x-gradient is `backward(dy, x)`: weights are closed over,
 * so they are constants and no weight gradient is ever computed. How the explanation graph swaps a tfjs
 * backward kernel for one built from forward kernels. The forward pass's intermediates are freed before
 * the backward pass runs, so `backward` may read only x's shape unless `keepInput` saves x's values.
 */
export function withInputGradient<T extends tf.Tensor>(
  x: T,
  forward: (x: T) => T,
  backward: (dy: T, x: T) => tf.Tensor,
  keepInput = false,
): T {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [T, tf.GradSaveFunc];
    if (keepInput) save([input]);
    return {
      value: forward(input),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => backward(dy as T, keepInput ? (saved[0] as T) : input),
    };
  });
  return op(x) as T;
}
