import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gaussianBlur, gaussianBlurMatrix, OptionError, SeededRandom } from '../src/index.js';

/**
 * An independent float64 reference: scipy.ndimage.gaussian_filter's definition (taps ∝ exp(−k²/2σ²) for
 * |k| ≤ ⌈4σ⌉, normalised; out-of-range samples read with half-sample reflection: index −1 reads 0, L reads L−1).
 */
function reference(image: Float64Array, h: number, w: number, sigma: number): Float64Array {
  const radius = Math.max(1, Math.ceil(4 * sigma));
  const taps: number[] = [];
  for (let k = -radius; k <= radius; k++) taps.push(Math.exp(-(k * k) / (2 * sigma * sigma)));
  const total = taps.reduce((a, b) => a + b, 0);
  const at = (j: number, n: number) => {
    let i = j;
    while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
    return i;
  };
  const rows = new Float64Array(h * w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += (taps[k + radius] / total) * image[at(y + k, h) * w + x];
      rows[y * w + x] = s;
    }
  const out = new Float64Array(h * w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += (taps[k + radius] / total) * rows[y * w + at(x + k, w)];
      out[y * w + x] = s;
    }
  return out;
}

describe('gaussianBlur', () => {
  it('equals the float64 reference (reflected borders, 4σ truncation) for σ below, near and above the image size', () => {
    const [h, w] = [7, 10];
    const r = new SeededRandom(1);
    const image = Float64Array.from({ length: h * w }, () => r.uniform());
    const before = tf.memory().numTensors;
    for (const sigma of [0.6, 2, 9]) {
      const x = tf.tensor4d(Float32Array.from(image), [1, h, w, 1]);
      const y = gaussianBlur(x, sigma);
      const got = y.dataSync();
      const want = reference(image, h, w, sigma);
      for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
      tf.dispose([x, y]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps constants, commutes with flips, blurs channels independently, and σ = 0 is the identity', () => {
    const x = tf.randomUniform([2, 6, 6, 3], 0, 1, 'float32', 3);
    const constant = tf.fill([1, 5, 8, 2], 0.7);
    expect(Array.from(gaussianBlur(constant, 4).dataSync()).every((v) => Math.abs(v - 0.7) < 1e-6)).toBe(
      true,
    );
    const flipped = tf.reverse(x, 2);
    const a = tf.reverse(gaussianBlur(x, 1.3), 2).dataSync();
    const b = gaussianBlur(flipped, 1.3).dataSync();
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
    const channel = gaussianBlur(tf.slice(x, [0, 0, 0, 1], [2, 6, 6, 1]), 1.3).dataSync();
    const whole = tf.slice(gaussianBlur(x, 1.3), [0, 0, 0, 1], [2, 6, 6, 1]).dataSync();
    for (let i = 0; i < channel.length; i++) expect(channel[i]).toBeCloseTo(whole[i], 6);
    expect(Array.from(gaussianBlur(x, 0).dataSync())).toEqual(Array.from(x.dataSync()));
  });

  it('blurs each image with its own σ when given a list', () => {
    const x = tf.randomUniform([2, 5, 5, 1], 0, 1, 'float32', 4);
    const both = gaussianBlur(x, [0.8, 3]).dataSync();
    const first = gaussianBlur(tf.slice(x, 0, 1), 0.8).dataSync();
    const second = gaussianBlur(tf.slice(x, 1, 1), 3).dataSync();
    for (let i = 0; i < 25; i++) {
      expect(both[i]).toBeCloseTo(first[i], 6);
      expect(both[25 + i]).toBeCloseTo(second[i], 6);
    }
  });

  it('its 1-D matrix rows sum to 1 and typed errors reject bad input', () => {
    const m = gaussianBlurMatrix(6, 1.5);
    for (let i = 0; i < 6; i++)
      expect(m.slice(i * 6, i * 6 + 6).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(() => gaussianBlur(tf.zeros([4, 4, 1]), 1)).toThrow(OptionError);
    expect(() => gaussianBlur(tf.zeros([1, 4, 4, 1]), -1)).toThrow(OptionError);
    expect(() => gaussianBlur(tf.zeros([2, 4, 4, 1]), [1])).toThrow(OptionError);
  });
});
