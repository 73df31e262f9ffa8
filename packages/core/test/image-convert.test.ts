import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputShapeError, InputValueError, OptionError } from '../src/errors.js';
import {
  imageDataToTensor,
  LUMA_WEIGHTS,
  tensorToCanvas,
  tensorToImageData,
  toGrayscale,
} from '../src/image/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rgba = { width: 2, height: 1, data: new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 0]) };

describe('imageDataToTensor', () => {
  it('converts RGBA bytes to [H, W, C] in [0, 1], compositing alpha over the background', async () => {
    const before = tf.memory().numTensors;
    const rgb = imageDataToTensor(rgba);
    expect(rgb.shape).toEqual([1, 2, 3]);
    expect(Array.from(await rgb.data())).toEqual([1, 0, 0, 1, 1, 1]);
    const onBlack = imageDataToTensor(rgba, { background: 0 });
    expect(Array.from(await onBlack.data())).toEqual([1, 0, 0, 0, 0, 0]);
    const gray = imageDataToTensor(rgba, { channels: 1, background: 0 });
    expect((await gray.data())[0]).toBeCloseTo(LUMA_WEIGHTS[0], 6);
    const four = imageDataToTensor(rgba, { channels: 4 });
    expect(Array.from(await four.data())).toEqual([1, 0, 0, 1, 0, 1, 0, 0]);
    tf.dispose([rgb, onBlack, gray, four]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects data of the wrong length and bad options', () => {
    expect(() => imageDataToTensor({ width: 2, height: 2, data: new Uint8Array(12) })).toThrow(
      /holds 12 bytes but 2×2 RGBA needs 16/,
    );
    expect(() => imageDataToTensor(rgba, { channels: 2 as 1 })).toThrow(OptionError);
    expect(() => imageDataToTensor(rgba, { background: 2 })).toThrow(OptionError);
  });
});

describe('tensorToImageData', () => {
  it('is the inverse of imageDataToTensor on 8-bit values, gray expanded to RGB, alpha 255', async () => {
    const four = imageDataToTensor(rgba, { channels: 4 });
    const gray = tf.tensor2d([[0.5, 1.5]]);
    const before = tf.memory().numTensors;
    const back = await tensorToImageData(four);
    expect(Array.from(back.data)).toEqual(Array.from(rgba.data));
    const image = await tensorToImageData(gray);
    expect([image.width, image.height]).toEqual([2, 1]);
    expect(Array.from(image.data)).toEqual([128, 128, 128, 255, 255, 255, 255, 255]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([four, gray]);
  });

  it('accepts a batch of one and rejects batches, odd channels and NaN', async () => {
    const one = tf.zeros([1, 2, 3, 3]);
    const batch = tf.zeros([2, 2, 3, 3]);
    const twoChannels = tf.zeros([2, 2, 2]);
    const infinite = tf.tensor2d([[Number.POSITIVE_INFINITY]]);
    expect((await tensorToImageData(one)).width).toBe(3);
    await expect(tensorToImageData(batch)).rejects.toThrow(InputShapeError);
    await expect(tensorToImageData(twoChannels)).rejects.toThrow(/C = 1, 3 or 4/);
    await expect(tensorToImageData(infinite)).rejects.toThrow(InputValueError);
    tf.dispose([one, batch, twoChannels, infinite]);
  });

  it('tensorToCanvas says to pass a canvas outside a browser', async () => {
    const image = tf.zeros([2, 2]);
    await expect(tensorToCanvas(image)).rejects.toThrow(/needs a canvas outside a browser/);
    image.dispose();
  });
});

describe('toGrayscale', () => {
  it('applies BT.601 luma to RGB and RGBA (alpha dropped), keeps gray, works on batches', async () => {
    const before = tf.memory().numTensors;
    const rgb = tf.tensor4d([0.2, 0.4, 0.6, 1, 1, 1], [1, 1, 2, 3]);
    const gray = toGrayscale(rgb);
    expect(gray.shape).toEqual([1, 1, 2, 1]);
    const expected = 0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6;
    const values = await gray.data();
    expect(values[0]).toBeCloseTo(expected, 6);
    expect(values[1]).toBeCloseTo(1, 6);
    const withAlpha = tf.tensor3d([[[0.2, 0.4, 0.6, 0]]]);
    const grayFromAlpha = toGrayscale(withAlpha);
    expect((await grayFromAlpha.data())[0]).toBeCloseTo(expected, 6);
    const single = tf.tensor3d([[[0.3]]]);
    const same = toGrayscale(single);
    expect(same).not.toBe(single);
    expect((await same.data())[0]).toBeCloseTo(0.3, 6);
    const flat = tf.zeros([2, 2]);
    expect(() => toGrayscale(flat)).toThrow(InputShapeError);
    tf.dispose([rgb, gray, withAlpha, grayFromAlpha, single, same, flat]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
