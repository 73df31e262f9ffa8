import { OptionError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { mnistAssetUrls } from './asset-urls.js';
import { readAssetBytes, toUrl } from './load-asset.js';
import { decodeSampleFile } from './sample-file.js';

/** Digits with their labels, ready for a model. */
export interface MnistSamples {
  /** Float32 [N, 28, 28, 1] in [0, 1], white ink on black. Owned by the caller: dispose it. */
  images: tf.Tensor4D;
  /** Class (0–9) of each image. */
  labels: number[];
}

/** Options of {@link loadMnistSamples}. */
export interface LoadSamplesOptions {
  /** Load only the first `count` digits (the file lists 100 per class, in class order). */
  count?: number;
  /** Sample file URL to read instead of the shipped one. */
  url?: URL | string;
}

/**
 * Loads the shipped sample set: 1,000 MNIST digits (100 per class) held out from training both
 * shipped models, so accuracy measured on them is honest.
 */
export async function loadMnistSamples(options: LoadSamplesOptions = {}): Promise<MnistSamples> {
  const url = options.url === undefined ? mnistAssetUrls.samples : toUrl(options.url);
  const { pixels, labels, count: total } = decodeSampleFile(await readAssetBytes(url), url.href);
  const count = options.count ?? total;
  if (!Number.isInteger(count) || count < 1 || count > total) {
    throw new OptionError(`count must be an integer from 1 to ${total}; got ${count}.`);
  }
  const values = new Float32Array(count * 28 * 28);
  for (let i = 0; i < values.length; i++) values[i] = pixels[i] / 255;
  return { images: tf.tensor4d(values, [count, 28, 28, 1]), labels: Array.from(labels.subarray(0, count)) };
}
