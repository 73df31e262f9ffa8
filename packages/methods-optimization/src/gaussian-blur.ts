import * as tf from '@tensorflow/tfjs';

/** Normalised 1-D Gaussian taps for standard deviation `sigma` pixels, radius ⌈3σ⌉. */
export function gaussianTaps(sigma: number): number[] {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const taps: number[] = [];
  for (let i = -radius; i <= radius; i++) taps.push(Math.exp(-(i * i) / (2 * sigma * sigma)));
  const total = taps.reduce((a, b) => a + b, 0);
  return taps.map((t) => t / total);
}

/**
 * Separable Gaussian blur of an NHWC batch with reflected borders (Yosinski et al. 2015 blur the image
 * every few steps to suppress the high frequencies a classifier's gradient is full of).
 */
export function gaussianBlur(x: tf.Tensor4D, sigma: number): tf.Tensor4D {
  return tf.tidy(() => {
    const taps = gaussianTaps(sigma);
    const r = (taps.length - 1) / 2;
    const [, h, w, c] = x.shape;
    const k = tf.tensor1d(taps);
    const pad = (v: tf.Tensor4D, ry: number, rx: number) =>
      tf.mirrorPad(
        v,
        [
          [0, 0],
          [ry, ry],
          [rx, rx],
          [0, 0],
        ],
        'reflect',
      );
    // Reflection needs a border narrower than the image; beyond that the taps reach past it anyway.
    const ry = Math.min(r, h - 1);
    const rx = Math.min(r, w - 1);
    const vertical = tf.tile(tf.reshape(k.slice(r - ry, 2 * ry + 1), [2 * ry + 1, 1, 1, 1]), [
      1,
      1,
      c,
      1,
    ]) as tf.Tensor4D;
    const horizontal = tf.tile(tf.reshape(k.slice(r - rx, 2 * rx + 1), [1, 2 * rx + 1, 1, 1]), [
      1,
      1,
      c,
      1,
    ]) as tf.Tensor4D;
    const normV = tf.div(vertical, tf.sum(vertical, [0, 1], true)) as tf.Tensor4D;
    const normH = tf.div(horizontal, tf.sum(horizontal, [0, 1], true)) as tf.Tensor4D;
    let out = x;
    if (ry > 0) out = tf.depthwiseConv2d(pad(out, ry, 0), normV, 1, 'valid');
    if (rx > 0) out = tf.depthwiseConv2d(pad(out, 0, rx), normH, 1, 'valid');
    return out;
  });
}
