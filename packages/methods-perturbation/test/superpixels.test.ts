import { InputShapeError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gridSegments, slic, superpixelMask } from '../src/index.js';
import { release } from './helpers.js';

/** A 24×24 RGB image: red left half, blue right half, a green square in the top-left. */
function twoColourImage(): Float32Array {
  const img = new Float32Array(24 * 24 * 3);
  for (let y = 0; y < 24; y++) {
    for (let x = 0; x < 24; x++) {
      const rgb = y < 8 && x < 8 ? [0, 1, 0] : x < 12 ? [1, 0, 0] : [0, 0, 1];
      img.set(rgb, (y * 24 + x) * 3);
    }
  }
  return img;
}

function isConnected(labels: Int32Array, h: number, w: number, label: number): boolean {
  const cells = [...labels.keys()].filter((p) => labels[p] === label);
  const seen = new Set([cells[0]]);
  const stack = [cells[0]];
  while (stack.length) {
    const p = stack.pop() as number;
    const [y, x] = [Math.floor(p / w), p % w];
    for (const [yy, xx] of [
      [y - 1, x],
      [y + 1, x],
      [y, x - 1],
      [y, x + 1],
    ]) {
      const q = yy * w + xx;
      if (yy >= 0 && yy < h && xx >= 0 && xx < w && labels[q] === label && !seen.has(q)) {
        seen.add(q);
        stack.push(q);
      }
    }
  }
  return seen.size === cells.length;
}

describe('superpixels', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('SLIC follows colour edges and gives connected, consecutive labels', () => {
    const img = twoColourImage();
    const labels = slic(img, 24, 24, 3, { segments: 16, compactness: 10 });
    const count = Math.max(...labels) + 1;
    expect(new Set(labels).size).toBe(count);
    expect(count).toBeGreaterThanOrEqual(6);
    expect(count).toBeLessThanOrEqual(32);
    const colourOf = (p: number) => `${img[p * 3]}${img[p * 3 + 1]}${img[p * 3 + 2]}`;
    for (let k = 0; k < count; k++) {
      const colours = new Set([...labels.keys()].filter((p) => labels[p] === k).map(colourOf));
      expect(colours.size, `segment ${k} crosses a colour edge`).toBe(1);
      expect(isConnected(labels, 24, 24, k), `segment ${k} is connected`).toBe(true);
    }
  });

  it('handles grayscale and tiny images', () => {
    const gray = Float32Array.from({ length: 64 }, (_, p) => (p % 8 < 4 ? 0 : 1));
    const labels = slic(gray, 8, 8, 1, { segments: 50 });
    expect(labels.length).toBe(64);
    expect(Math.max(...labels) + 1).toBe(new Set(labels).size);
    expect(slic(Float32Array.of(0.5), 1, 1, 1)).toEqual(Int32Array.of(0));
  });

  it('grid segments are near-square blocks', () => {
    const labels = gridSegments(6, 9, 6);
    expect(new Set(labels).size).toBe(6);
    expect(labels[0]).toBe(0);
    expect(labels[6 * 9 - 1]).toBe(5);
  });

  it('superpixelMask returns an int32 mask per image with one channel', async () => {
    const images = tf.randomUniform([2, 10, 10, 3], 0, 1, 'float32', 3);
    const mask = await superpixelMask(images, { segments: 4 });
    expect(mask.shape).toEqual([2, 10, 10, 1]);
    expect(mask.dtype).toBe('int32');
    const blank = tf.zeros([10, 10, 1]);
    const grid = await superpixelMask(blank, { segmentation: 'grid', segments: 4 });
    expect(grid.shape).toEqual([10, 10, 1]);
    expect(new Set(grid.dataSync()).size).toBe(4);
    const flat = tf.zeros([4]);
    await expect(superpixelMask(flat)).rejects.toThrow(InputShapeError);
    release(images, mask, grid, flat, blank);
  });
});
