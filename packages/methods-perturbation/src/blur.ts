import * as tf from '@tensorflow/tfjs';

function gaussianTaps(sigma: number, radius: number): number[] {
  const taps = Array.from({ length: 2 * radius + 1 }, (_, i) =>
    Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)),
  );
  const total = taps.reduce((a, b) => a + b, 0);
  return taps.map((t) => t / total);
}

/**
 * Gaussian blur of NHWC images with standard deviation `sigma` pixels (separable, truncated at 3σ and at
 * the image border, symmetric padding so the borders keep their brightness). Returns a new tensor.
 */
export function gaussianBlur(images: tf.Tensor4D, sigma: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w, c] = images.shape;
    if (sigma <= 0) return images.clone();
    const ry = Math.min(Math.ceil(3 * sigma), h - 1);
    const rx = Math.min(Math.ceil(3 * sigma), w - 1);
    let out: tf.Tensor4D = images;
    if (ry > 0) {
      const k = tf.tile(tf.tensor4d(gaussianTaps(sigma, ry), [2 * ry + 1, 1, 1, 1]), [
        1,
        1,
        c,
        1,
      ]) as tf.Tensor4D;
      const padded = tf.mirrorPad(
        out,
        [
          [0, 0],
          [ry, ry],
          [0, 0],
          [0, 0],
        ],
        'symmetric',
      );
      out = tf.depthwiseConv2d(padded, k, 1, 'valid');
    }
    if (rx > 0) {
      const k = tf.tile(tf.tensor4d(gaussianTaps(sigma, rx), [1, 2 * rx + 1, 1, 1]), [
        1,
        1,
        c,
        1,
      ]) as tf.Tensor4D;
      const padded = tf.mirrorPad(
        out,
        [
          [0, 0],
          [0, 0],
          [rx, rx],
          [0, 0],
        ],
        'symmetric',
      );
      out = tf.depthwiseConv2d(padded, k, 1, 'valid');
    }
    return out;
  });
}
