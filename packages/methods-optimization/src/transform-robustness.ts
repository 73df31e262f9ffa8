import type { SeededRandom } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/** Random transformations applied to the image before the model sees it, each step. */
export interface RobustnessOptions {
  /** Largest shift in pixels, drawn uniformly as an integer in [−jitter, jitter] per axis. */
  jitter: number;
  /** Largest relative zoom: the factor is drawn uniformly in [1 − scale, 1 + scale]. */
  scale: number;
  /** Largest rotation in degrees, drawn uniformly in [−rotate, rotate]. */
  rotate: number;
}

/** True when any transformation is switched on. */
export function hasRobustness(options: RobustnessOptions): boolean {
  return options.jitter > 0 || options.scale > 0 || options.rotate > 0;
}

/** Mirrors a coordinate into [0, n − 1] (edge pixel not repeated), clamping what still lies outside. */
function reflect(v: number, n: number): number {
  const r = v < 0 ? -v : v > n - 1 ? 2 * (n - 1) - v : v;
  return Math.min(n - 1, Math.max(0, r));
}

/**
 * Bilinear sampling positions and weights for one affine transform about the image centre, with mirrored
 * borders. Indices `[4·H·W]` into the flattened H·W plane, weights `[4·H·W]`.
 */
function samplingTable(h: number, w: number, dy: number, dx: number, zoom: number, degrees: number) {
  const theta = (degrees * Math.PI) / 180;
  const cos = Math.cos(theta) / zoom;
  const sin = Math.sin(theta) / zoom;
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  const size = h * w;
  const indices = new Int32Array(4 * size);
  const weights = new Float32Array(4 * size);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      // Inverse map: where in the source does output pixel (i, j) come from?
      const y = reflect(cos * (i - cy) - sin * (j - cx) + cy - dy, h);
      const x = reflect(sin * (i - cy) + cos * (j - cx) + cx - dx, w);
      const y0 = Math.floor(y);
      const x0 = Math.floor(x);
      const y1 = Math.min(h - 1, y0 + 1);
      const x1 = Math.min(w - 1, x0 + 1);
      const fy = y - y0;
      const fx = x - x0;
      const o = i * w + j;
      indices[o] = y0 * w + x0;
      indices[size + o] = y0 * w + x1;
      indices[2 * size + o] = y1 * w + x0;
      indices[3 * size + o] = y1 * w + x1;
      weights[o] = (1 - fy) * (1 - fx);
      weights[size + o] = (1 - fy) * fx;
      weights[2 * size + o] = fy * (1 - fx);
      weights[3 * size + o] = fy * fx;
    }
  }
  return { indices, weights };
}

/**
 * The transpose of a sampling table as another gather: for each source pixel, the outputs that read it
 * and with what weight, padded to the largest fan-in with a pointer at an appended zero row (index
 * `size`). Mirrored borders keep the fan-in small. This lets the backward pass be a gather too, so it
 * runs on backends without a scatter-add kernel (wasm lacks UnsortedSegmentSum, gather's usual gradient).
 */
function transposeTable(table: { indices: Int32Array; weights: Float32Array }, size: number) {
  const lists: { out: number; weight: number }[][] = Array.from({ length: size }, () => []);
  for (let t = 0; t < table.indices.length; t++) {
    if (table.weights[t] !== 0) lists[table.indices[t]].push({ out: t % size, weight: table.weights[t] });
  }
  const fan = Math.max(1, ...lists.map((l) => l.length));
  const indices = new Int32Array(fan * size).fill(size);
  const weights = new Float32Array(fan * size);
  lists.forEach((list, src) => {
    list.forEach(({ out, weight }, k) => {
      indices[k * size + src] = out;
      weights[k * size + src] = weight;
    });
  });
  return { indices, weights, fan };
}

/** Σ_t weights[t]·plane[indices[t]] over `taps` taps: `[N, S', C] → [N, S, C]`. */
function weightedGather(
  plane: tf.Tensor,
  indices: Int32Array,
  weights: Float32Array,
  taps: number,
  size: number,
): tf.Tensor {
  const [n, , c] = plane.shape;
  const gathered = tf.gather(plane, tf.tensor1d(indices, 'int32'), 1);
  const weighted = tf.mul(
    tf.reshape(gathered, [n, taps, size, c]),
    tf.reshape(tf.tensor1d(weights), [1, taps, size, 1]),
  );
  return tf.sum(weighted, 1);
}

/**
 * Transformation robustness (Mordvintsev et al. 2015; Olah et al. 2017): jitters, zooms and rotates the
 * batch by one randomly drawn transform, differentiably (bilinear sampling as a gather, its transpose as
 * another). The draws come from `random`, so they are fixed by the seed and never read anything back.
 */
export function randomTransform(
  x: tf.Tensor4D,
  options: RobustnessOptions,
  random: SeededRandom,
): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const j = Math.floor(options.jitter);
  const dy = j > 0 ? -j + random.integer(2 * j + 1) : 0;
  const dx = j > 0 ? -j + random.integer(2 * j + 1) : 0;
  const zoom = options.scale > 0 ? random.range(1 - options.scale, 1 + options.scale) : 1;
  const degrees = options.rotate > 0 ? random.range(-options.rotate, options.rotate) : 0;
  const size = h * w;
  const table = samplingTable(h, w, dy, dx, zoom, degrees);
  const transposed = transposeTable(table, size);
  const sample = tf.customGrad((input) => {
    const value = tf.reshape(
      weightedGather(tf.reshape(input as tf.Tensor, [n, size, c]), table.indices, table.weights, 4, size),
      [n, h, w, c],
    );
    const gradFunc = (dy: tf.Tensor) =>
      tf.tidy(() => {
        const padded = tf.concat([tf.reshape(dy, [n, size, c]), tf.zeros([n, 1, c])], 1);
        return tf.reshape(
          weightedGather(padded, transposed.indices, transposed.weights, transposed.fan, size),
          [n, h, w, c],
        );
      });
    return { value, gradFunc };
  });
  return sample(x) as tf.Tensor4D;
}
