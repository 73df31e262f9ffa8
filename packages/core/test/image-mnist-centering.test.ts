import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputValueError, OptionError } from '../src/errors.js';
import { areaResample } from '../src/image/area-resample.js';
import { centerDigit, prepareMnistInput } from '../src/image/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A width×height canvas of `background` with ink value `ink` painted where `paint(x, y)`. */
function canvas(
  width: number,
  height: number,
  paint: (x: number, y: number) => boolean,
  ink = 1,
  background = 0,
): Float32Array {
  const out = new Float32Array(width * height).fill(background);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (paint(x, y)) out[y * width + x] = ink;
  return out;
}

/** Bounding box size and centre of mass (pixel indices) of a side×side field. */
function measure(field: Float32Array, side = 28) {
  let mass = 0;
  let sy = 0;
  let sx = 0;
  let [top, bottom, left, right] = [side, -1, side, -1];
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const v = field[y * side + x];
      if (v <= 0) continue;
      mass += v;
      sy += v * y;
      sx += v * x;
      [top, bottom, left, right] = [
        Math.min(top, y),
        Math.max(bottom, y),
        Math.min(left, x),
        Math.max(right, x),
      ];
    }
  }
  return { height: bottom - top + 1, width: right - left + 1, comY: sy / mass, comX: sx / mass, mass };
}

describe('areaResample', () => {
  it('conserves ink up to the area ratio and averages exact blocks', () => {
    const input = Float32Array.from({ length: 7 * 5 }, (_, i) => ((i * 37) % 11) / 10);
    const out = areaResample(input, 7, 5, 3, 2);
    const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(out)).toBeCloseTo((sum(input) * (3 * 2)) / (7 * 5), 5);
    const block = Float32Array.from([1, 3, 5, 7]);
    expect(Array.from(areaResample(block, 2, 2, 1, 1))).toEqual([4]);
  });
});

describe('centerDigit (MNIST normalisation)', () => {
  it('scales the ink box so its longer side is 20, keeps the aspect ratio, centres the mass', () => {
    // A 50×30 ink block in the corner of a 120×90 canvas: becomes 20×12 in the 28×28 field.
    const image = canvas(120, 90, (x, y) => x >= 3 && x < 53 && y >= 5 && y < 35);
    const m = measure(centerDigit(image, 120, 90));
    expect([m.width, m.height]).toEqual([20, 12]);
    expect(Math.abs(m.comX - 13.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(m.comY - 13.5)).toBeLessThanOrEqual(0.5);
  });

  it('centres the centre of mass, not the box, for a lopsided shape', () => {
    // An "L": a heavy foot makes the mass sit low and left of the box centre.
    const image = canvas(
      40,
      40,
      (x, y) => (x >= 5 && x < 10 && y >= 5 && y < 35) || (y >= 28 && y < 35 && x < 35 && x >= 5),
    );
    const field = centerDigit(image, 40, 40);
    const m = measure(field);
    expect(Math.abs(m.comX - 13.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(m.comY - 13.5)).toBeLessThanOrEqual(0.5);
    expect(Math.max(m.width, m.height)).toBe(20);
  });

  it('inverts dark ink on light paper automatically, and normalises faint ink to peak 1', () => {
    const light = canvas(60, 60, (x, y) => Math.hypot(x - 20, y - 30) < 10, 1, 0);
    const dark = canvas(60, 60, (x, y) => Math.hypot(x - 20, y - 30) < 10, 0, 1);
    const faint = canvas(60, 60, (x, y) => Math.hypot(x - 20, y - 30) < 10, 0.4, 0);
    const reference = centerDigit(light, 60, 60);
    const maxDiff = (a: Float32Array) => Math.max(...a.map((v, i) => Math.abs(v - reference[i])));
    expect(maxDiff(centerDigit(dark, 60, 60))).toBeLessThan(1e-6);
    expect(maxDiff(centerDigit(faint, 60, 60))).toBeLessThan(1e-6);
    expect(Math.max(...centerDigit(faint, 60, 60, { normalize: false }))).toBeCloseTo(0.4, 5);
    expect(Math.max(...reference)).toBe(1);
  });

  it('upscales a small digit to the 20-pixel box', () => {
    const m = measure(
      centerDigit(
        canvas(10, 10, (x, y) => x >= 4 && x < 6 && y >= 2 && y < 8),
        10,
        10,
      ),
    );
    expect(m.height).toBe(20);
    expect(m.width).toBeGreaterThanOrEqual(6);
    expect(m.width).toBeLessThanOrEqual(7);
  });

  it('rejects an empty image, NaN and bad options with typed errors', () => {
    expect(() => centerDigit(new Float32Array(16), 4, 4)).toThrow(/No ink above 0\.05/);
    expect(() => centerDigit(Float32Array.from([Number.NaN, 1, 0, 0]), 2, 2)).toThrow(InputValueError);
    expect(() => centerDigit(new Float32Array(4).fill(1), 2, 2, { boxSize: 30 })).toThrow(OptionError);
    expect(() => centerDigit(new Float32Array(4).fill(1), 2, 2, { threshold: 1 })).toThrow(OptionError);
  });
});

describe('prepareMnistInput', () => {
  it('turns an RGBA drawing into [28, 28, 1] equal to centerDigit on its gray values, leaking nothing', async () => {
    const gray = canvas(56, 56, (x, y) => Math.abs(x - y) < 3 && x > 10 && x < 50);
    const rgba = tf.tidy(() => {
      const g = tf.tensor3d(gray, [56, 56, 1]);
      return tf.concat([g, g, g, tf.onesLike(g)], -1).expandDims(0);
    });
    const before = tf.memory().numTensors;
    const prepared = await prepareMnistInput(rgba);
    expect(prepared.shape).toEqual([28, 28, 1]);
    expect(tf.memory().numTensors).toBe(before + 1);
    const expected = centerDigit(gray, 56, 56);
    const actual = await prepared.data();
    let maxError = 0;
    for (let i = 0; i < expected.length; i++)
      maxError = Math.max(maxError, Math.abs(actual[i] - expected[i]));
    expect(maxError).toBeLessThan(1e-5);
    tf.dispose([rgba, prepared]);
  });
});
