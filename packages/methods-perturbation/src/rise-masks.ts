import type { SeededRandom } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/** How RISE masks are drawn for an H×W image. */
export interface RiseMaskPlan {
  readonly height: number;
  readonly width: number;
  /** Grid cells per side, s in the paper. */
  readonly gridSize: number;
  /** Cell size in pixels, ⌈H/s⌉ × ⌈W/s⌉. */
  readonly cell: readonly [number, number];
  /** Probability that a cell is kept. */
  readonly p: number;
}

/**
 * `count` RISE masks `[count, H, W, 1]` in [0, 1] (Petsiuk, Das & Saenko 2018): an s×s grid of cells kept
 * with probability p, bilinearly upsampled to (s+1)·cell pixels, then cropped to H×W at a random shift of
 * less than one cell in each direction so the mask edges fall anywhere. Draws mask by mask from `rng`, so
 * the sequence of masks does not depend on how they are batched.
 */
export function riseMasks(plan: RiseMaskPlan, count: number, rng: SeededRandom): tf.Tensor4D {
  const { height, width, gridSize: s, cell, p } = plan;
  const grids = new Float32Array(count * s * s);
  const boxes = new Float32Array(count * 4);
  const upH = (s + 1) * cell[0];
  const upW = (s + 1) * cell[1];
  for (let k = 0; k < count; k++) {
    for (let c = 0; c < s * s; c++) grids[k * s * s + c] = rng.uniform() < p ? 1 : 0;
    const dy = rng.integer(cell[0]);
    const dx = rng.integer(cell[1]);
    // cropAndResize samples at y1·(upH−1) + i·(y2−y1)·(upH−1)/(H−1): integer pixels dy..dy+H−1, no resampling.
    boxes.set(
      [
        dy / (upH - 1),
        dx / (upW - 1),
        (dy + Math.max(height - 1, 0)) / (upH - 1),
        (dx + Math.max(width - 1, 0)) / (upW - 1),
      ],
      k * 4,
    );
  }
  return tf.tidy(() => {
    const up = tf.image.resizeBilinear(tf.tensor4d(grids, [count, s, s, 1]), [upH, upW], false, true);
    const index = tf.tensor1d(
      Int32Array.from({ length: count }, (_, k) => k),
      'int32',
    );
    return tf.image.cropAndResize(up, tf.tensor2d(boxes, [count, 4]), index, [height, width], 'bilinear');
  });
}
