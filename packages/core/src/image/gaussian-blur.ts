import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../errors.js';

/** Reflects an index into [0, length) as scipy's `mode='reflect'` does: the edge sample repeats (d c b a | a b c d). */
function reflect(j: number, length: number): number {
  const period = 2 * length;
  const m = ((j % period) + period) % period;
  return m < length ? m : period - 1 - m;
}

/**
 * The `length × length` matrix of a 1-D Gaussian blur with standard deviation `sigma` pixels, truncated at
 * 4σ and with reflected borders (the edge sample repeats): `scipy.ndimage.gaussian_filter1d`'s defaults.
 * Row i holds output pixel i's weights; every row sums to 1, so constants are preserved. σ = 0 gives the
 * identity. Being a matrix, it is exact for any σ (even wider than the image) and runs on every backend.
 */
export function gaussianBlurMatrix(length: number, sigma: number): Float32Array {
  checkSigma(sigma);
  const m = new Float32Array(length * length);
  if (sigma === 0) {
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
  const row = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    row.fill(0);
    for (let k = -radius; k <= radius; k++) row[reflect(i + k, length)] += taps[k + radius] / total;
    m.set(row, i * length);
  }
  return m;
}

function checkSigma(sigma: number): void {
  if (!(Number.isFinite(sigma) && sigma >= 0))
    throw new OptionError(`A Gaussian blur's σ must be a finite number ≥ 0 (pixels); got ${sigma}.`);
}

/** Blurs `[B, L, R]` along axis 1 with one matrix per image (`[B, L, L]`) or one shared (`[L, L]`). */
function blurAxis1(x: tf.Tensor3D, sigmas: readonly number[]): tf.Tensor3D {
  const [b, length, rest] = x.shape;
  if (sigmas.every((s) => s === sigmas[0])) {
    // One matrix for the whole batch: a single 2-D matmul over [L, B·R].
    const m = tf.tensor2d(gaussianBlurMatrix(length, sigmas[0]), [length, length]);
    const columns = tf.reshape(tf.transpose(x, [1, 0, 2]), [length, b * rest]);
    return tf.transpose(tf.reshape(tf.matMul(m, columns), [length, b, rest]), [1, 0, 2]);
  }
  const data = new Float32Array(b * length * length);
  const cache = new Map<number, Float32Array>();
  sigmas.forEach((s, i) => {
    const m = cache.get(s) ?? gaussianBlurMatrix(length, s);
    cache.set(s, m);
    data.set(m, i * length * length);
  });
  return tf.matMul(tf.tensor3d(data, [b, length, length]), x);
}

/**
 * Gaussian blur of NHWC images (`[N, H, W, C]`), separable along height then width, channels independent,
 * with `gaussianBlurMatrix`'s border rule (reflected, truncated at 4σ: scipy's `gaussian_filter` with
 * `sigma=(0, σ, σ, 0)`). `sigma` (pixels): one value for every image or one per image. Differentiable;
 * returns a new tensor. Loupe's one blur: IG's 'blur' baseline, blur IG's path, perturbation and eval fills
 * and activation maximization's blur prior all call it, so a 'blur' means the same everywhere.
 */
export function gaussianBlur(images: tf.Tensor, sigma: number | readonly number[]): tf.Tensor4D {
  if (images.rank !== 4)
    throw new OptionError(
      `A Gaussian blur needs images [N, H, W, C]; got shape [${images.shape.join(', ')}]. Add a batch dimension with tf.expandDims(x, 0).`,
    );
  const [b, h, w, c] = images.shape as [number, number, number, number];
  const sigmas = typeof sigma === 'number' ? new Array<number>(b).fill(sigma) : [...sigma];
  if (sigmas.length !== b)
    throw new OptionError(`gaussianBlur needs one σ per image: ${b} images, ${sigmas.length} σ values.`);
  for (const s of sigmas) checkSigma(s);
  return tf.tidy(() => {
    const x = tf.cast(images, 'float32');
    const alongH = blurAxis1(tf.reshape(x, [b, h, w * c]), sigmas);
    const transposed = tf.transpose(tf.reshape(alongH, [b, h, w, c]), [0, 2, 1, 3]);
    const alongW = blurAxis1(tf.reshape(transposed, [b, w, h * c]), sigmas);
    return tf.transpose(tf.reshape(alongW, [b, w, h, c]), [0, 2, 1, 3]) as tf.Tensor4D;
  });
}
