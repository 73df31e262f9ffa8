import * as tf from '@tensorflow/tfjs-core';
import { avgPoolForwardGrad } from './pool-backward.js';

/**
 * 2-D average pooling (NHWC) with an exact input gradient on every backend. Windows that tile the input
 * are a crop, a reshape and a mean; 'same' windows, whose border windows tfjs's AvgPoolGrad divides by the
 * whole window area where the forward divides by their in-bounds part, and every window when `forwardOps`
 * (the wasm plan, which avoids the AvgPoolGrad loop), take `avgPoolForwardGrad`; the rest is `tf.avgPool`.
 */
export function averagePool(
  x: tf.Tensor4D,
  size: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
  forwardOps: boolean,
): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (padding === 'valid' && size[0] === strides[0] && size[1] === strides[1]) {
    // Windows that tile the input (global pooling, 2×2/2): a crop, a reshape and a mean, whose backward is a
    // broadcast. tfjs's AvgPoolGrad loops over every window position (433 ms of a 750 ms saliency on
    // selfie's 128×128 windows on wasm).
    const [rows, cols] = [Math.floor(h / size[0]), Math.floor(w / size[1])];
    return tf.tidy(() => {
      const cropped =
        rows * size[0] === h && cols * size[1] === w
          ? x
          : tf.slice(x, 0, [n, rows * size[0], cols * size[1], c]);
      return tf.mean(tf.reshape(cropped, [n, rows, size[0], cols, size[1], c]), [2, 4]) as tf.Tensor4D;
    });
  }
  return padding === 'same' || forwardOps
    ? avgPoolForwardGrad(x, size, strides, padding)
    : tf.avgPool(x, size, strides, padding);
}
