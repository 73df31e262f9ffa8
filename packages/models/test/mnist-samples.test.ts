import { readFile } from 'node:fs/promises';
import { ModelLoadError, OptionError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistSplit } from '../scripts/mnist-data.js';
import { decodeSampleFile, encodeSampleFile, loadMnistSamples, mnistAssetUrls } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loadMnistSamples', () => {
  it('returns [1000, 28, 28, 1] in [0, 1] with at least 100 digits per class, and only that tensor', async () => {
    const before = tf.memory().numTensors;
    const { images, labels } = await loadMnistSamples();
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(images.shape).toEqual([1000, 28, 28, 1]);
    expect(images.dtype).toBe('float32');
    const [min, max] = tf.tidy(() => [images.min().dataSync()[0], images.max().dataSync()[0]]);
    expect(min).toBe(0);
    expect(max).toBe(1);
    const perClass = new Array(10).fill(0);
    for (const label of labels) perClass[label]++;
    expect(Math.min(...perClass)).toBeGreaterThanOrEqual(100);
    images.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ships exactly the digits the seeded split holds out from training', async () => {
    const { heldOut } = loadMnistSplit();
    const shipped = decodeSampleFile(new Uint8Array(await readFile(mnistAssetUrls.samples)), 'samples');
    expect(shipped.count).toBe(heldOut.count);
    expect(Buffer.from(shipped.labels).equals(Buffer.from(heldOut.labels))).toBe(true);
    expect(Buffer.from(shipped.pixels).equals(Buffer.from(heldOut.pixels))).toBe(true);
  });

  it('loads the first count digits and rejects a bad count', async () => {
    const { images, labels } = await loadMnistSamples({ count: 5 });
    expect(images.shape).toEqual([5, 28, 28, 1]);
    expect(labels).toHaveLength(5);
    images.dispose();
    await expect(loadMnistSamples({ count: 0 })).rejects.toThrow(OptionError);
    await expect(loadMnistSamples({ count: 1001 })).rejects.toThrow(/from 1 to 1000/);
  });
});

describe('sample file format', () => {
  it('round-trips and rejects foreign or truncated bytes', () => {
    const pixels = Uint8Array.from({ length: 2 * 784 }, (_, i) => i % 256);
    const bytes = encodeSampleFile({ pixels, labels: Uint8Array.from([3, 9]), count: 2 });
    expect(bytes.byteLength).toBe(8 + 2 * 785);
    const back = decodeSampleFile(bytes, 'x');
    expect(Array.from(back.labels)).toEqual([3, 9]);
    expect(Array.from(back.pixels)).toEqual(Array.from(pixels));
    expect(() => decodeSampleFile(bytes.subarray(0, 100), 'cut.bin')).toThrow(/cut\.bin declares 2 digits/);
    expect(() => decodeSampleFile(new Uint8Array(20), 'zeros.bin')).toThrow(ModelLoadError);
  });
});
