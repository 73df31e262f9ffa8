import { ModelLoadError } from '@loupe/core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mnistAssetUrls } from './asset-urls.js';
import { loadShippedLayersModel } from './load-asset.js';
import type { LoadModelOptions } from './mnist-cnn.js';

/** A generator g(z): a model from latent codes [N, latentDim] to images [N, 28, 28, 1] in [0, 1]. */
export interface MnistGenerator {
  model: tfl.LayersModel;
  /** Length of the latent code z; the prior on z is the standard normal N(0, I). */
  latentDim: number;
}

/**
 * Loads the shipped MNIST generator: the decoder of a VAE (Kingma & Welling 2014) trained on
 * the CNN's training digits. z ~ N(0, I) gives digit-like images; its sigmoid output lies in
 * [0, 1]. Use it for activation maximization in code space.
 */
export async function loadMnistGenerator(options: LoadModelOptions = {}): Promise<MnistGenerator> {
  const model = await loadShippedLayersModel(
    mnistAssetUrls.generatorModel,
    mnistAssetUrls.generatorWeights,
    options,
  );
  const inputShape = model.inputs[0].shape;
  const latentDim = inputShape[1];
  if (inputShape.length !== 2 || latentDim == null) {
    model.dispose();
    throw new ModelLoadError(
      `A generator must take latent codes [N, latentDim]; this model takes [${inputShape.join(', ')}].`,
    );
  }
  return { model, latentDim };
}
