import { OptionError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';

/** Reflects an index into [0, length) the way scipy's `mode='reflect'` does (the edge sample repeats). */
function reflect(j: number, length: number): number {
  const period = 2 * length;
  const m = ((j % period) + period) % period;
  return m < length ? m : period - 1 - m;
}

/**
 * The `length × length` matrix of a 1-D Gaussian blur with standard deviation `sigma` (pixels),
 * truncated at 4σ, with reflected borders, row-major in float32. σ = 0 gives the identity. Being a
 * matrix, it handles any σ (even wider than the image) exactly and runs on every backend as a matmul.
 */
export function gaussianBlurMatrix(length: number, sigma: number): Float32Array {
  const m = new Float32Array(length * length);
  if (sigma <= 0) {
    for (let i = 0; i < length; i++) m[i * length + i] = 1;
    return m;
  }
  const radius = Math.max(1, Math.ceil(4 * sigma));
  const taps = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let k = -radius; k <= radius; k++) {
    taps[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
    total += taps[k + radius];
  }
  for (let i = 0; i < length; i++) {
    const row = new Float64Array(length);
    for (let k = -radius; k <= radius; k++) row[reflect(i + k, length)] += taps[k + radius] / total;
    m.set(row, i * length);
  }
  return m;
}

function blurMatrices(length: number, sigmas: readonly number[]): tf.Tensor3D {
  const data = new Float32Array(sigmas.length * length * length);
  const cache = new Map<number, Float32Array>();
  sigmas.forEach((s, i) => {
    let m = cache.get(s);
    if (!m) {
      m = gaussianBlurMatrix(length, s);
      cache.set(s, m);
    }
    data.set(m, i * length * length);
  });
  return tf.tensor3d(data, [sigmas.length, length, length]);
}

/** Throws `OptionError` unless `x` is a batch of images `[N, H, W, C]`. */
export function requireImages(x: tf.Tensor, what: string): void {
  if (x.rank !== 4) {
    throw new OptionError(
      `${what} needs image inputs [N, H, W, C] (or [H, W, C]); the input has shape [${x.shape.join(', ')}]. Use another baseline for non-image inputs.`,
    );
  }
}

/**
 * Blurs each image of `x` (`[B, H, W, C]`) with its own Gaussian σ (`sigmas[b]`, pixels), separably along
 * height then width, channels independent. Returns a new tensor.
 */
export function blurImages(x: tf.Tensor, sigmas: readonly number[]): tf.Tensor4D {
  requireImages(x, 'A Gaussian blur');
  const [b, h, w, c] = x.shape as [number, number, number, number];
  if (sigmas.length !== b)
    throw new OptionError(`blurImages needs one σ per image: ${b} images, ${sigmas.length} σ values.`);
  return tf.tidy(() => {
    const rows = blurMatrices(h, sigmas);
    const cols = w === h ? rows : blurMatrices(w, sigmas);
    const alongH = tf.matMul(rows, tf.reshape(x, [b, h, w * c]));
    const transposed = tf.transpose(tf.reshape(alongH, [b, h, w, c]), [0, 2, 1, 3]);
    const alongW = tf.matMul(cols, tf.reshape(transposed, [b, w, h * c]));
    return tf.transpose(tf.reshape(alongW, [b, w, h, c]), [0, 2, 1, 3]) as tf.Tensor4D;
  });
}
