import { InputValueError, OptionError } from '../errors.js';
import { areaResample } from './area-resample.js';

/** Options of {@link centerDigit} and `prepareMnistInput`. */
export interface CenterDigitOptions {
  /**
   * Whether ink is dark on light paper and must be inverted (MNIST is light ink on black).
   * 'auto' (default) inverts when the mean of the image's border pixels exceeds 0.5.
   */
  invert?: boolean | 'auto';
  /** Ink level in [0, 1) above which a pixel counts for the bounding box. Default 0.05. */
  threshold?: number;
  /** Side of the box the digit's longer side is scaled to, in pixels. Default 20 (MNIST). */
  boxSize?: number;
  /** Side of the output field in pixels. Default 28 (MNIST). */
  fieldSize?: number;
  /** Scale ink so the darkest stroke is 1, as in MNIST, where strokes saturate. Default true. */
  normalize?: boolean;
}

function borderMean(pixels: Float32Array, width: number, height: number): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y === 0 || x === 0 || y === height - 1 || x === width - 1) {
        sum += pixels[y * width + x];
        count++;
      }
    }
  }
  return sum / count;
}

/**
 * Normalises a gray digit image the way MNIST was made (LeCun et al. 1998): crop to the ink's
 * bounding box, scale (area-averaged, aspect ratio kept) so the longer side is `boxSize`, and
 * place it in a `fieldSize`² field so its centre of mass lies at the field's centre (rounded to
 * whole pixels; ink pushed past the edge is cut). Input: `width`×`height` values in [0, 1],
 * row-major. Output: `fieldSize`² ink values in [0, 1], background 0.
 */
export function centerDigit(
  gray: Float32Array,
  width: number,
  height: number,
  options: CenterDigitOptions = {},
): Float32Array {
  const threshold = options.threshold ?? 0.05;
  const boxSize = options.boxSize ?? 20;
  const fieldSize = options.fieldSize ?? 28;
  if (!(threshold >= 0 && threshold < 1))
    throw new OptionError(`threshold must be in [0, 1); got ${threshold}.`);
  if (!Number.isInteger(boxSize) || !Number.isInteger(fieldSize) || boxSize < 1 || fieldSize < boxSize) {
    throw new OptionError(
      `boxSize and fieldSize must be integers with 1 ≤ boxSize ≤ fieldSize; got ${boxSize} and ${fieldSize}.`,
    );
  }
  const invert = options.invert ?? 'auto';
  const flip = invert === 'auto' ? borderMean(gray, width, height) > 0.5 : invert;
  const ink = new Float32Array(gray.length);
  let top = height;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const raw = gray[y * width + x];
      if (!Number.isFinite(raw))
        throw new InputValueError(`The digit image holds ${raw}; pass values in [0, 1].`);
      const v = Math.min(1, Math.max(0, flip ? 1 - raw : raw));
      ink[y * width + x] = v;
      if (v > threshold) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  if (bottom < 0) {
    throw new InputValueError(
      `No ink above ${threshold} in the digit image; draw a digit first (or set invert if the ink is dark on light).`,
    );
  }
  const boxWidth = right - left + 1;
  const boxHeight = bottom - top + 1;
  const crop = new Float32Array(boxWidth * boxHeight);
  for (let y = 0; y < boxHeight; y++) {
    crop.set(ink.subarray((top + y) * width + left, (top + y) * width + left + boxWidth), y * boxWidth);
  }
  const scale = boxSize / Math.max(boxWidth, boxHeight);
  const outWidth = Math.max(1, Math.round(boxWidth * scale));
  const outHeight = Math.max(1, Math.round(boxHeight * scale));
  const scaled = areaResample(crop, boxWidth, boxHeight, outWidth, outHeight);
  let mass = 0;
  let sumY = 0;
  let sumX = 0;
  let peak = 0;
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const v = scaled[y * outWidth + x];
      mass += v;
      sumY += v * y;
      sumX += v * x;
      peak = Math.max(peak, v);
    }
  }
  const centre = (fieldSize - 1) / 2;
  const offsetY = Math.round(centre - sumY / mass);
  const offsetX = Math.round(centre - sumX / mass);
  const gain = (options.normalize ?? true) ? 1 / peak : 1;
  const field = new Float32Array(fieldSize * fieldSize);
  for (let y = 0; y < outHeight; y++) {
    const fy = y + offsetY;
    if (fy < 0 || fy >= fieldSize) continue;
    for (let x = 0; x < outWidth; x++) {
      const fx = x + offsetX;
      if (fx < 0 || fx >= fieldSize) continue;
      field[fy * fieldSize + fx] = Math.min(1, scaled[y * outWidth + x] * gain);
    }
  }
  return field;
}
