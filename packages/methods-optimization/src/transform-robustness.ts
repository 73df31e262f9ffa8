import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from './random.js';

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

/**
 * Bilinear sampling positions and weights for one affine transform about the image centre, with edges
 * replicated. Indices `[4·H·W]` into the flattened H·W plane, weights `[4·H·W]`.
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
      const y = Math.min(h - 1, Math.max(0, cos * (i - cy) - sin * (j - cx) + cy - dy));
      const x = Math.min(w - 1, Math.max(0, sin * (i - cy) + cos * (j - cx) + cx - dx));
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
 * Transformation robustness (Mordvintsev et al. 2015; Olah et al. 2017): jitters, zooms and rotates the
 * batch by one randomly drawn transform, differentiably (a gather with bilinear weights). The draws come
 * from `random`, so they are fixed by the seed and never read anything back from the device.
 */
export function randomTransform(
  x: tf.Tensor4D,
  options: RobustnessOptions,
  random: SeededRandom,
): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const j = Math.floor(options.jitter);
  const dy = j > 0 ? random.integer(-j, j) : 0;
  const dx = j > 0 ? random.integer(-j, j) : 0;
  const zoom = options.scale > 0 ? random.uniform(1 - options.scale, 1 + options.scale) : 1;
  const degrees = options.rotate > 0 ? random.uniform(-options.rotate, options.rotate) : 0;
  const table = samplingTable(h, w, dy, dx, zoom, degrees);
  return tf.tidy(() => {
    const flat = tf.reshape(x, [n, h * w, c]);
    const taps = tf.gather(flat, tf.tensor1d(table.indices, 'int32'), 1);
    const weighted = tf.mul(
      tf.reshape(taps, [n, 4, h * w, c]),
      tf.reshape(tf.tensor1d(table.weights), [1, 4, h * w, 1]),
    );
    return tf.reshape(tf.sum(weighted, 1), [n, h, w, c]) as tf.Tensor4D;
  });
}
