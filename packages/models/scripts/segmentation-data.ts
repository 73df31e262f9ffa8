// Per-pixel ground truth and scores of the MNIST digit segmenter, shared by its training script and tests.
import { SEGMENTER_CLASSES, SEGMENTER_INK_THRESHOLD } from '../src/mnist-segmenter.js';
import { PIXELS } from './mnist-data.js';

/**
 * The class of every pixel of a batch of digits (`x` in [0, 1], `labels` one per digit): background (0)
 * where the ink is below the threshold, else 1 + the digit's label.
 */
export function pixelClasses(x: Float32Array, labels: ArrayLike<number>): Int32Array {
  const classes = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    classes[i] = x[i] < SEGMENTER_INK_THRESHOLD ? 0 : 1 + labels[Math.floor(i / PIXELS)];
  }
  return classes;
}

/** Held-out scores of a segmentation against the truth. */
export interface SegmentationScores {
  /** Fraction of all pixels given their true class. */
  pixelAccuracy: number;
  /** Mean over the classes present (predicted or true; all 11 on the held-out digits) of |predicted ∩ true| / |predicted ∪ true|. */
  meanIoU: number;
  /** Per-class IoU, background first; NaN for a class neither predicted nor true. */
  iou: number[];
  /** Fraction of ink pixels given the digit's class (not background, not another digit). */
  inkDigitAccuracy: number;
  /** Fraction of ink pixels called ink (any digit class). */
  inkRecall: number;
  /** Fraction of digits whose ink pixels' majority class is the digit's. */
  majorityDigitAccuracy: number;
}

/** Scores predicted pixel classes against true ones (both one class per pixel, 784 per digit). */
export function scoreSegmentation(
  predicted: ArrayLike<number>,
  truth: ArrayLike<number>,
): SegmentationScores {
  const k = SEGMENTER_CLASSES;
  const intersection = new Float64Array(k);
  const union = new Float64Array(k);
  let correct = 0;
  let ink = 0;
  let inkCorrect = 0;
  let inkFound = 0;
  let digitsRight = 0;
  const digits = truth.length / PIXELS;
  for (let d = 0; d < digits; d++) {
    const votes = new Int32Array(k);
    let digitClass = 0;
    for (let i = d * PIXELS; i < (d + 1) * PIXELS; i++) {
      const p = predicted[i];
      const t = truth[i];
      if (p === t) {
        correct++;
        intersection[t]++;
        union[t]++;
      } else {
        union[p]++;
        union[t]++;
      }
      if (t !== 0) {
        ink++;
        digitClass = t;
        if (p === t) inkCorrect++;
        if (p !== 0) inkFound++;
        votes[p]++;
      }
    }
    let best = 1;
    for (let c = 2; c < k; c++) if (votes[c] > votes[best]) best = c;
    if (digitClass !== 0 && best === digitClass) digitsRight++;
  }
  const iou = Array.from(intersection, (v, c) => (union[c] > 0 ? v / union[c] : Number.NaN));
  const present = iou.filter((v) => !Number.isNaN(v));
  return {
    pixelAccuracy: correct / truth.length,
    meanIoU: present.reduce((a, b) => a + b, 0) / present.length,
    iou,
    inkDigitAccuracy: inkCorrect / ink,
    inkRecall: inkFound / ink,
    majorityDigitAccuracy: digitsRight / digits,
  };
}
