import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputShapeError, OptionError } from '../src/errors.js';
import { resizeImage } from '../src/image/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('resizeImage', () => {
  it('keeps rank for [H, W], [H, W, C] and [N, H, W, C] and leaks nothing', () => {
    const inputs = [tf.zeros([4, 6]), tf.zeros([4, 6, 3]), tf.zeros([2, 4, 6, 1])];
    const before = tf.memory().numTensors;
    const outputs = inputs.map((x) => resizeImage(x, [8, 3]));
    expect(outputs.map((o) => o.shape)).toEqual([
      [8, 3],
      [8, 3, 3],
      [2, 8, 3, 1],
    ]);
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([...inputs, ...outputs]);
  });

  it('bilinear with half-pixel centres: halving averages 2×2 blocks; doubling a ramp interpolates it', async () => {
    const block = tf.tensor2d([
      [0, 2, 4, 6],
      [2, 4, 6, 8],
    ]);
    const half = resizeImage(block, [1, 2]);
    expect(Array.from(await half.data())).toEqual([2, 6]);
    // Output pixel centres (j + 0.5)/2 − 0.5 in input coordinates: −0.25, 0.25, 0.75, 1.25 (clamped).
    const ramp = tf.tensor2d([[0, 4]]);
    const doubled = resizeImage(ramp, [1, 4]);
    expect(Array.from(await doubled.data())).toEqual([0, 1, 3, 4]);
    tf.dispose([block, half, ramp, doubled]);
  });

  it('nearest copies source pixels', async () => {
    const x = tf.tensor2d([[1, 2]]);
    const y = resizeImage(x, [2, 4], { method: 'nearest' });
    expect(Array.from(await y.data())).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
    tf.dispose([x, y]);
  });

  it('rejects bad sizes, methods and ranks', () => {
    const x = tf.zeros([2, 2]);
    const flat = tf.zeros([4]);
    expect(() => resizeImage(x, [0, 2])).toThrow(OptionError);
    expect(() => resizeImage(x, [2, 2.5])).toThrow(OptionError);
    expect(() => resizeImage(x, [2, 2], { method: 'cubic' as 'nearest' })).toThrow(/'bilinear' or 'nearest'/);
    expect(() => resizeImage(flat, [2, 2])).toThrow(InputShapeError);
    tf.dispose([x, flat]);
  });
});
