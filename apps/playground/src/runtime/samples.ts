import type { ImageDataLike } from '@loupe/core';
import { loadMnistSamples, type MnistSamples } from '@loupe/models';

/** The shipped sample digits, with their pixels kept on the JS side for thumbnails. */
export interface SampleSet extends MnistSamples {
  /** [N·28·28] values in [0, 1]. */
  pixels: Float32Array;
  count: number;
  /** RGBA thumbnail of a row (built on first use). */
  image(row: number): ImageDataLike | undefined;
}

let loading: Promise<SampleSet> | undefined;

/** Loads the 1,000 held-out MNIST digits once per page; every tab shares them (never dispose). */
export function sampleSet(): Promise<SampleSet> {
  loading ??= loadMnistSamples().then(async (samples) => {
    const pixels = (await samples.images.data()) as Float32Array;
    const cache = new Map<number, ImageDataLike>();
    const count = samples.labels.length;
    return {
      ...samples,
      pixels,
      count,
      image(row: number) {
        if (!Number.isInteger(row) || row < 0 || row >= count) return undefined;
        let image = cache.get(row);
        if (!image) {
          const data = new Uint8ClampedArray(28 * 28 * 4);
          for (let i = 0; i < 784; i++) {
            const v = Math.round(pixels[row * 784 + i] * 255);
            data.set([v, v, v, 255], i * 4);
          }
          image = { data, width: 28, height: 28 };
          cache.set(row, image);
        }
        return image;
      },
    };
  });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
