import { regionTarget, type Target } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import type { RegionChoice } from '../state/app-state.js';
import type { Segmentation } from './segmentation.js';

/** A region choice made concrete for one segmentation: core's target, and what it covers. */
export interface ResolvedRegion {
  readonly target: Target;
  /** The class explained, or null for every position on its own class. */
  readonly class: number | null;
  /** Weight per output position (1 inside, 0 outside), row-major. */
  readonly weights: Float32Array;
  /** Positions inside. */
  readonly positions: number;
  /** Stable text for caches and the URL ("7:predicted:sum"). */
  readonly key: string;
  /** Frees the mask tensor a box needs. */
  dispose(): void;
}

/** The class `'auto'` means: the class predicted over most positions, other than class 0 unless only it is. */
export function autoClass(seg: Segmentation): number {
  let best = 0;
  for (let k = 1; k < seg.classes; k++) if (seg.counts[k] > (best === 0 ? 0 : seg.counts[best])) best = k;
  return best;
}

/** A box `[top, left, bottom, right]` clamped to the output and made non-empty. */
export function clampBox(
  box: readonly number[],
  seg: Pick<Segmentation, 'height' | 'width'>,
): [number, number, number, number] {
  const clamp = (v: number, max: number) => Math.min(Math.max(Math.round(v), 0), max);
  const top = clamp(Math.min(box[0], box[2]), seg.height - 1);
  const left = clamp(Math.min(box[1], box[3]), seg.width - 1);
  const bottom = Math.max(top + 1, clamp(Math.max(box[0], box[2]), seg.height));
  const right = Math.max(left + 1, clamp(Math.max(box[1], box[3]), seg.width));
  return [top, left, bottom, right];
}

/**
 * Turns the region panel's choice into a target: `{ region: 'predicted', class }` (or every position on its
 * own class), or `regionTarget(box mask, class)` for a box. Throws an Error that says what to pick when the
 * region would be empty (a class predicted nowhere).
 */
export function resolveRegion(choice: RegionChoice, seg: Segmentation): ResolvedRegion {
  const cls = choice.class === 'auto' ? autoClass(seg) : choice.class === 'all' ? null : choice.class;
  if (cls !== null && (cls < 0 || cls >= seg.classes))
    throw new Error(`Class ${cls} is not an output class (0–${seg.classes - 1}); pick one from the list.`);
  const positions = seg.height * seg.width;
  const weights = new Float32Array(positions);
  let mask: tf.Tensor2D | null = null;
  const box = choice.area === 'predicted' ? null : clampBox(choice.area, seg);
  if (!box) {
    for (let p = 0; p < positions; p++) {
      const k = seg.picks[p];
      weights[p] = k >= 0 && (cls === null || k === cls) ? 1 : 0;
    }
  } else {
    if (cls === null) throw new Error('A box explains one class: pick a class for it.');
    const [top, left, bottom, right] = box;
    for (let r = top; r < bottom; r++) weights.fill(1, r * seg.width + left, r * seg.width + right);
    mask = tf.tensor2d(weights, [seg.height, seg.width]);
  }
  const inside = weights.reduce((a, b) => a + b, 0);
  if (inside === 0)
    throw new Error(
      `The model predicts class ${cls} nowhere on this input: pick a class it predicts, or draw a box.`,
    );
  const target: Target = mask
    ? regionTarget(mask, cls as number, { reduce: choice.reduce })
    : { region: 'predicted', ...(cls === null ? {} : { class: cls }), reduce: choice.reduce };
  const area = box ? `box(${box.join(',')})` : 'predicted';
  return {
    target,
    class: cls,
    weights,
    positions: inside,
    key: `${cls ?? 'all'}:${area}:${choice.reduce}`,
    dispose() {
      mask?.dispose();
    },
  };
}
