import type * as tfl from '@tensorflow/tfjs-layers';
import { mnistAssetUrls } from './asset-urls.js';
import { loadShippedLayersModel } from './load-asset.js';

/** Options of {@link loadMnistCnn}. */
export interface LoadModelOptions {
  /** model.json URL to load instead of the shipped one (e.g. where your app serves it). */
  modelUrl?: URL | string;
  /** Weights shard URL, for when a bundler renamed it; by default resolved from model.json. */
  weightsUrl?: URL | string;
}

/**
 * Loads the shipped MNIST CNN: input [N, 28, 28, 1] in [0, 1] (white ink on black, as MNIST),
 * output [N, 10] class probabilities. Layers: conv1 (3×3, 8, ReLU) → pool1 → conv2 (3×3, 16,
 * ReLU; 14×14 spatial output, the Grad-CAM layer) → pool2 → flatten → dense1 (64, ReLU) →
 * logits (10, softmax). Works in Node (files) and browsers (bundled asset URLs).
 */
export async function loadMnistCnn(options: LoadModelOptions = {}): Promise<tfl.LayersModel> {
  return loadShippedLayersModel(mnistAssetUrls.cnnModel, mnistAssetUrls.cnnWeights, options);
}
