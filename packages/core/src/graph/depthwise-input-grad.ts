import * as tf from '@tensorflow/tfjs-core';
import { insertZeros } from './conv-input-grad.js';
import { withInputGradient } from './input-gradient-op.js';

/**
 * The input gradient of a depthwise convolution, built only from forward kernels (pad, reshape,
 * reverse, depthwise conv). Backends that lack `DepthwiseConv2dNativeBackpropInput` (wasm in tfjs 4.22)
 * run this instead: dx is the upstream gradient, dilated by the strides and padded, correlated with the
 * 180°-rotated filter; with a channel multiplier M the M contributions of each input channel are summed.
 */
export function depthwiseInputGradient(
  dy: tf.Tensor4D,
  kernel: tf.Tensor4D,
  inputShape: readonly number[],
  strides: [number, number],
  padding: 'same' | 'valid',
  dilations: [number, number],
  rotated?: tf.Tensor4D,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = inputShape;
    const [kh, kw, , m] = kernel.shape;
    const [oh, ow] = [dy.shape[1], dy.shape[2]];
    const padBefore = (size: number, out: number, k: number, s: number, d: number): number => {
      if (padding === 'valid') return 0;
      const total = Math.max((out - 1) * s + (k - 1) * d + 1 - size, 0);
      return Math.floor(total / 2);
    };
    const ph = padBefore(h, oh, kh, strides[0], dilations[0]);
    const pw = padBefore(w, ow, kw, strides[1], dilations[1]);
    const left = [(kh - 1) * dilations[0] - ph, (kw - 1) * dilations[1] - pw];
    const full = [h - 1 + ph - (oh - 1) * strides[0], w - 1 + pw - (ow - 1) * strides[1]];
    // Where the right padding covers them, the zeros after dy's last row/column stay (no slice op).
    const tail = full[0] >= strides[0] - 1 && full[1] >= strides[1] - 1;
    const d = insertZeros(dy, strides, tail);
    const right = tail ? [full[0] - strides[0] + 1, full[1] - strides[1] + 1] : full;
    const flipped = rotated ?? rotatedDepthwiseKernel(kernel);
    const perOutput = tf.depthwiseConv2d(
      d,
      flipped,
      1,
      [
        [0, 0],
        [left[0], right[0]],
        [left[1], right[1]],
        [0, 0],
      ],
      'NHWC',
      dilations,
    );
    if (m === 1) return perOutput;
    return tf.sum(tf.reshape(perOutput, [n, h, w, c, m]), 4) as tf.Tensor4D;
  });
}

/** `[kh, kw, C, M]` → flipped in space, `[kh, kw, C·M, 1]`: the kernel of the adjoint depthwise convolution. */
export function rotatedDepthwiseKernel(kernel: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, c, m] = kernel.shape;
  return tf.tidy(() => tf.reshape(tf.reverse(kernel, [0, 1]), [kh, kw, c * m, 1]));
}

/** Whether the active backend has the native depthwise input-gradient kernel. */
export function hasNativeDepthwiseInputGrad(): boolean {
  return tf.getKernel('DepthwiseConv2dNativeBackpropInput', tf.getBackend()) !== undefined;
}

/** A depthwise conv whose gradient w.r.t. x uses `depthwiseInputGradient` (weights are constants). */
export function depthwiseConvPortable(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  strides: [number, number],
  padding: 'same' | 'valid',
  dilations: [number, number],
  rotated: tf.Tensor4D | null = null,
  bias: tf.Tensor | null = null,
): tf.Tensor4D {
  const forward = (input: tf.Tensor4D) =>
    bias
      ? tf.fused.depthwiseConv2d({ x: input, filter: kernel, strides, pad: padding, dilations, bias })
      : tf.depthwiseConv2d(input, kernel, strides, padding, 'NHWC', dilations);
  return withInputGradient(
    x,
    forward,
    (dy, input, [k, r]) =>
      depthwiseInputGradient(
        dy,
        k as tf.Tensor4D,
        input.shape,
        strides,
        padding,
        dilations,
        r as tf.Tensor4D | undefined,
      ),
    { keep: rotated ? [kernel, rotated] : [kernel] },
  );
}
