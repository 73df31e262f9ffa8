import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputShapeError, imageToModelInput, wrapModel } from '../src/index.js';

function modelFor(inputShape: number[]) {
  const m = tf.sequential();
  if (inputShape.length > 1) m.add(tf.layers.flatten({ inputShape }));
  else m.add(tf.layers.dense({ inputShape, units: 3 }));
  m.add(tf.layers.dense({ units: 2 }));
  return wrapModel(m);
}

/** A w×h RGBA picture: red = column / (w − 1), green = row / (h − 1), blue 0, opaque. */
function rgba(w: number, h: number) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const at = (i * w + j) * 4;
      data.set([Math.round((255 * j) / (w - 1)), Math.round((255 * i) / (h - 1)), 0, 255], at);
    }
  }
  return { data, width: w, height: h };
}

describe('imageToModelInput: a picture in the model’s size and channels', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reads size and channels from the model: RGB at its size, gray resized, no leaks', async () => {
    const rgb = modelFor([4, 3, 3]);
    const before = tf.memory().numTensors;
    const same = await imageToModelInput(rgb, rgba(3, 4));
    expect(same.shape).toEqual([1, 4, 3, 3]);
    const px = await same.array();
    expect(px[0][3][2][0]).toBeCloseTo(1, 5); // last column: full red
    expect(px[0][3][2][1]).toBeCloseTo(1, 5); // last row: full green
    same.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const gray = modelFor([2, 3, 1]);
    const small = await imageToModelInput(gray, rgba(6, 4));
    expect(small.shape).toEqual([1, 2, 3, 1]);
    const values = await small.data();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    small.dispose();
    rgb.dispose();
    gray.dispose();
  });

  it('accepts an image tensor in [0, 1] as well', async () => {
    const model = modelFor([2, 2, 3]);
    const image = tf.fill([4, 4, 3], 0.5);
    const x = await imageToModelInput(model, image);
    expect(x.shape).toEqual([1, 2, 2, 3]);
    for (const v of await x.data()) expect(v).toBeCloseTo(0.5, 2);
    tf.dispose([image, x]);
    model.dispose();
  });

  it('a model whose input is not an image is an InputShapeError that says what to do', async () => {
    const model = modelFor([5]);
    await expect(imageToModelInput(model, rgba(2, 2))).rejects.toThrow(InputShapeError);
    await expect(imageToModelInput(model, rgba(2, 2))).rejects.toThrow(/Build the input tensor yourself/);
    model.dispose();
  });
});
