import * as tf from '@tensorflow/tfjs';

type Painter = (x: number, y: number) => number[];

/** A close-up face: shaded background, head, eyes, nose, mouth (gray levels). */
const face: Painter = (x, y) => {
  const head = (x / 0.32) ** 2 + (y / 0.42) ** 2;
  let v = head < 1 ? 0.75 - 0.15 * head : 0.35 + 0.15 * y;
  for (const eye of [-0.12, 0.12]) if (((x - eye) / 0.06) ** 2 + ((y + 0.08) / 0.035) ** 2 < 1) v = 0.15;
  if (Math.abs(y - 0.2) < 0.02 && Math.abs(x) < 0.1) v = 0.3;
  if (Math.abs(x) < 0.02 && y > -0.05 && y < 0.1) v = 0.6;
  return [v, 0.85 * v, 0.75 * v];
};

/** A head-and-shoulders portrait on a blue background (what a selfie segmenter expects). */
const portrait: Painter = (x, y) => {
  let rgb = [0.2, 0.45, 0.7];
  if ((x / 0.16) ** 2 + ((y + 0.12) / 0.21) ** 2 < 1) rgb = [0.85, 0.68, 0.55];
  if (y > 0.12 && Math.abs(x) < 0.2 + (y - 0.12) * 0.9) rgb = [0.25, 0.3, 0.45];
  for (const eye of [-0.06, 0.06])
    if (((x - eye) / 0.03) ** 2 + ((y + 0.15) / 0.018) ** 2 < 1) rgb = [0.1, 0.1, 0.1];
  return rgb;
};

/**
 * A deterministic drawing at `[batch, h, w, c]` in [0, 1], lightly blurred: image-like inputs for trained
 * models. (Noise drives them far off their data, where the path from a black baseline crosses hundreds of
 * ReLU kinks and any fixed quadrature converges slowly; a picture is what they are meant to explain.)
 */
export function drawing(
  kind: 'face' | 'portrait',
  shape: readonly [number, number, number, number],
): tf.Tensor4D {
  const [batch, h, w, c] = shape;
  const paint = kind === 'face' ? face : portrait;
  const data = new Float32Array(batch * h * w * c);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const rgb = paint((j + 0.5) / w - 0.5, (i + 0.5) / h - 0.5);
      for (let b = 0; b < batch; b++) {
        for (let k = 0; k < c; k++) data[((b * h + i) * w + j) * c + k] = c === 3 ? rgb[k] : rgb[0];
      }
    }
  }
  return tf.tidy(() => tf.avgPool(tf.tensor4d(data, [batch, h, w, c]), 3, 1, 'same'));
}
