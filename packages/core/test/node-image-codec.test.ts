import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputShapeError, InputValueError } from '../src/errors.js';
import { decodeImage, detectImageFormat, encodePng, readImageFile } from '../src/node/index.js';

let folder: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  folder = await mkdtemp(join(tmpdir(), 'loupe-image-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A 3×2 RGB image whose values are exact multiples of 1/255, so a PNG round trip is lossless. */
function rgbImage(): tf.Tensor3D {
  const values = Array.from({ length: 3 * 2 * 3 }, (_, i) => (i * 13) % 256);
  return tf.tensor3d(values, [3, 2, 3]).div(255) as tf.Tensor3D;
}

describe('encodePng / decodeImage', () => {
  it('round-trips RGB exactly (8-bit) and leaks nothing', async () => {
    const image = rgbImage();
    const before = tf.memory().numTensors;
    const bytes = await encodePng(image);
    expect(detectImageFormat(bytes)).toBe('png');
    const decoded = decodeImage(bytes);
    expect(decoded.shape).toEqual([3, 2, 3]);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(decoded, image))).dataSync()[0]);
    expect(diff).toBeLessThan(1e-6);
    decoded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });

  it('encodes gray [H, W] and [H, W, 1] as gray and decodes them to 1 or 3 equal channels', async () => {
    const gray = tf.tensor2d([
      [0, 0.5],
      [1, 0.2],
    ]);
    for (const input of [gray, gray.expandDims(-1)]) {
      const bytes = await encodePng(input);
      const one = decodeImage(bytes, { channels: 1 });
      const three = decodeImage(bytes, { channels: 3 });
      expect(one.shape).toEqual([2, 2, 1]);
      const expected = [0, 128 / 255, 1, 51 / 255];
      const values = await one.data();
      for (let i = 0; i < expected.length; i++) expect(values[i]).toBeCloseTo(expected[i], 5);
      const channels = tf.tidy(() => tf.sub(three.max(-1), three.min(-1)).max().dataSync()[0]);
      expect(channels).toBeLessThan(1e-6);
      tf.dispose([one, three]);
    }
    tf.dispose(gray);
  });

  it('clips values outside [0, 1] and rejects NaN', async () => {
    const bytes = await encodePng(tf.tensor2d([[-1, 2]]));
    const back = decodeImage(bytes, { channels: 1 });
    expect(Array.from(await back.data())).toEqual([0, 1]);
    back.dispose();
    await expect(encodePng(tf.tensor2d([[Number.NaN, 0]]))).rejects.toThrow(InputValueError);
    await expect(encodePng(tf.zeros([2, 2, 2]))).rejects.toThrow(InputShapeError);
  });

  it('composites transparent pixels over the background', async () => {
    const rgba = tf.tensor3d([
      [
        [1, 0, 0, 0],
        [1, 0, 0, 1],
      ],
    ]);
    const bytes = await encodePng(rgba);
    const white = decodeImage(bytes);
    expect(Array.from(await white.data())).toEqual([1, 1, 1, 1, 0, 0]);
    const black = decodeImage(bytes, { background: 0 });
    expect(Array.from(await black.data())).toEqual([0, 0, 0, 1, 0, 0]);
    const kept = decodeImage(bytes, { channels: 4 });
    expect(kept.shape).toEqual([1, 2, 4]);
    tf.dispose([rgba, white, black, kept]);
  });

  it('decodes JPEG (lossy: within a few levels)', async () => {
    const width = 16;
    const height = 8;
    const data = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p++) data.set([200, 200, 200, 255], 4 * p);
    const bytes = new Uint8Array(jpeg.encode({ data, width, height }, 95).data);
    expect(detectImageFormat(bytes)).toBe('jpeg');
    const decoded = decodeImage(bytes, { channels: 1 });
    expect(decoded.shape).toEqual([8, 16, 1]);
    const values = await decoded.data();
    for (const v of values) expect(Math.abs(v - 200 / 255)).toBeLessThan(3 / 255);
    decoded.dispose();
  });

  it('rejects bytes that are neither PNG nor JPEG, and corrupt files, with InputValueError', async () => {
    expect(() => decodeImage(new TextEncoder().encode('GIF89a...'), {}, 'x.gif')).toThrow(
      /Cannot decode x\.gif: it is neither PNG nor JPEG/,
    );
    const png = await encodePng(tf.zeros([4, 4, 3]));
    expect(() => decodeImage(png.subarray(0, 30))).toThrow(InputValueError);
    expect(() => decodeImage(new Uint8Array([0xff, 0xd8, 0xff, 0, 1]))).toThrow(
      /Cannot decode image as JPEG/,
    );
  });
});

describe('readImageFile', () => {
  it('reads a PNG from disk', async () => {
    const path = join(folder, 'digit.png');
    await writeFile(path, await encodePng(tf.ones([5, 7])));
    const image = await readImageFile(path, { channels: 1 });
    expect(image.shape).toEqual([5, 7, 1]);
    image.dispose();
  });

  it('names a missing file or a folder', async () => {
    await expect(readImageFile(join(folder, 'none.png'))).rejects.toThrow(/none\.png: it does not exist/);
    await expect(readImageFile(folder)).rejects.toThrow(/is a folder/);
  });
});
